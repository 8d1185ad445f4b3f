import Engine
import Testing
import TestSupport

/// Text in, text out through the model's own tokenizer.
struct TokenizedGenerationTests {
    @Test func gemmaContinuesTheCapitalOfFranceLikeLlamaCpp() throws {
        let path = try TestData.gemmaModel()
        let model = try Model(path: path)
        #expect(model.tokenize("The capital of France is") == [2, 818, 5279, 529, 7001, 563])
        var streamed = ""
        let result = try model.makeContext().generate(
            "The capital of France is", options: GenerationOptions(maxNewTokens: 32, stopStrings: ["."]),
            onText: { streamed += $0 })
        // llama.cpp's greedy text up to its first near-tie (golden/gemma/p00.json margins).
        #expect(result.text == " the capital of the country of France")
        #expect(streamed == result.text)
        #expect(result.finishReason == .stop)
        #expect(result.promptTokens == 6)
    }
}

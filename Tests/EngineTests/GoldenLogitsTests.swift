import Engine
import Testing
import TestSupport

/// The forward passes against llama.cpp's logits and greedy continuations (golden/README.md tolerances).
struct GoldenLogitsTests {
    @Test(arguments: Golden.tinyQuants)
    func tinyLlamaLogitsAndGreedyMatchLlamaCpp(quant: String) throws {
        let model = try Model(path: Golden.tinyModelPath(quant), threads: 2)
        for golden in try Golden.cases(in: "tiny/\(quant)") {
            let context = model.makeContext()
            let logits = try context.append(golden.prompt_tokens)
            let cosine = Golden.cosine(logits, golden.logits)
            #expect(cosine >= 0.999, "\(golden.name): cosine \(cosine)")
            if Golden.topMargin(golden.logits) >= 0.3 {
                #expect(Golden.argmax(logits) == Golden.argmax(golden.logits), "\(golden.name): top-1 differs")
            }
            let (_, mismatch) = try Golden.compareGreedy(context: context, golden: golden, firstLogits: logits, threshold: 0.3)
            #expect(mismatch == nil, "\(golden.name): greedy differs at step \(mismatch ?? -1)")
        }
    }

    @Test func gemmaLogitsAndGreedyMatchLlamaCpp() throws {
        let path = try TestData.gemmaModel()
        let model = try Model(path: path)
        for golden in try Golden.cases(in: "gemma") {
            let context = model.makeContext()
            let logits = try context.append(golden.prompt_tokens)
            let cosine = Golden.cosine(logits, golden.logits)
            #expect(cosine >= 0.995, "\(golden.name): cosine \(cosine)")
            print("\(golden.name): \(golden.prompt_tokens.count) tokens, cosine \(cosine)")
            if Golden.topMargin(golden.logits) >= 0.5 {
                #expect(Golden.argmax(logits) == Golden.argmax(golden.logits), "\(golden.name): top-1 differs")
            }
            let (steps, mismatch) = try Golden.compareGreedy(context: context, golden: golden, firstLogits: logits, threshold: 0.5)
            #expect(mismatch == nil, "\(golden.name): greedy differs at step \(mismatch ?? -1) of \(steps)")
        }
    }
}

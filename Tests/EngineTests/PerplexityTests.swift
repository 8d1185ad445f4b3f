import Engine
import Foundation
import Testing
import TestSupport

struct PerplexityTests {
    @Test func gemmaPerplexityIsWithinOnePercentOfLlamaCpp() throws {
        let path = try TestData.gemmaModel()
        let text = try String(contentsOfFile: "\(Golden.root)/gemma/ppl.txt", encoding: .utf8)
        let result = try Perplexity.compute(model: Model(path: path), text: text, contextLength: 128)
        let reference = 10.6453
        #expect(abs(result.perplexity - reference) / reference < 0.01, "PPL \(result.perplexity) vs llama.cpp \(reference)")
    }
}

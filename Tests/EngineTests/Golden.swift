import Engine
import Foundation
import TestSupport

/// llama.cpp's reference outputs in the repository's Tests/Fixtures/golden (see its README).
struct GoldenCase: Decodable {
    let prompt: String
    let prompt_tokens: [Int32]
    let greedy_tokens: [Int32]
    let greedy_margins: [Float]
    var logits: [Float] = []
    var name = ""

    enum CodingKeys: String, CodingKey { case prompt, prompt_tokens, greedy_tokens, greedy_margins }
}

enum Golden {
    static var root: String { TestData.golden.path }
    static let tinyQuants = TestData.tinyQuants

    static func tinyModelPath(_ quant: String) -> String { TestData.tinyModelPath(quant) }

    static var gemmaModelPath: String? { TestData.gemmaModelPath }

    static func cases(in folder: String) throws -> [GoldenCase] {
        let dir = "\(root)/\(folder)"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            var c = try JSONDecoder().decode(GoldenCase.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)")))
            let base = String(name.dropLast(5))
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(base).logits.f32"))
            c.logits = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            c.name = "\(folder)/\(base)"
            return c
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    static func argmax(_ a: [Float]) -> Int { a.indices.max { a[$0] < a[$1] } ?? 0 }

    static func topMargin(_ a: [Float]) -> Float {
        let sorted = a.sorted(by: >)
        return sorted[0] - sorted[1]
    }

    /// Greedy steps that agree with the reference, stopping at the first low-margin step.
    /// Returns (steps compared, first mismatch index or nil).
    static func compareGreedy(context: InferenceContext, golden: GoldenCase, firstLogits: [Float], threshold: Float) throws -> (Int, Int?) {
        var logits = firstLogits
        for (i, expected) in golden.greedy_tokens.enumerated() {
            if golden.greedy_margins[i] < threshold { return (i, nil) }
            let token = Int32(argmax(logits))
            if token != expected { return (i, i) }
            if i + 1 < golden.greedy_tokens.count { logits = try context.append([token]) }
        }
        return (golden.greedy_tokens.count, nil)
    }
}

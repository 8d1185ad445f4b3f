import Foundation
import TestSupport

/// The repository's datasets and this folder's fixtures.
enum Fixtures {
    static var datasets: URL { TestData.datasets }

    static var agent: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/agent")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: agent.appendingPathComponent(name), encoding: .utf8)
    }

    struct GSM8KItem: Decodable {
        var question: String
        var answer: String
    }

    static func gsm8k() throws -> [GSM8KItem] {
        let text = try String(contentsOf: datasets.appendingPathComponent("gsm8k_test.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(GSM8KItem.self, from: Data($0.utf8)) }
    }

    struct HotpotItem: Decodable {
        var question: String
        var answer: String
    }

    static func hotpotqa() throws -> [HotpotItem] {
        try JSONDecoder().decode([HotpotItem].self, from: Data(contentsOf: datasets.appendingPathComponent("hotpotqa_test.json")))
    }

    /// The prompts of an Appendix B transcript, in order, keyed by module (`PLAN` or `GROUND`).
    static func transcriptPrompts(_ name: String) throws -> [(module: String, prompt: String)] {
        let text = try self.text(name)
        var result: [(String, String)] = []
        var rest = Substring(text)
        while let header = rest.range(of: "===== ") {
            let line = rest[header.upperBound...].prefix { $0 != "\n" }
            let module = line.hasPrefix("PLAN") ? "PLAN" : "GROUND"
            let bodyStart = rest.index(header.upperBound, offsetBy: line.count + 1)
            guard let end = rest[bodyStart...].range(of: "<<END>>") else { break }
            result.append((module, String(rest[bodyStart..<end.lowerBound])))
            rest = rest[end.upperBound...]
        }
        return result
    }
}

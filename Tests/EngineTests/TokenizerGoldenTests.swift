import Engine
import Foundation
import TestSupport
import Testing

/// One `pNN.json` of the golden folder.
struct GoldenPrompt {
    let name: String
    let prompt: String
    let promptTokens: [Int32]
    let greedyTokens: [Int32]
    let greedyBytes: [UInt8]

    static func load(folder: String) throws -> [GoldenPrompt] {
        let dir = TestFiles.golden.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix("p") && $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let hex = try #require(json["greedy_text_hex"] as? String)
            let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
            return GoldenPrompt(
                name: "\(folder)/\(file)",
                prompt: try #require(json["prompt"] as? String),
                promptTokens: try #require(json["prompt_tokens"] as? [Int]).map { Int32($0) },
                greedyTokens: try #require(json["greedy_tokens"] as? [Int]).map { Int32($0) },
                greedyBytes: bytes)
        }
    }
}

@Suite struct TokenizerGoldenTests {
    static let gemma: Tokenizer? = TestFiles.gemmaPath.flatMap { try? Tokenizer(gguf: GGUFFile(path: $0)) }

    @Test func gemmaPromptsTokenizeExactlyLikeLlamaCpp() throws {
        let tokenizer = try #require(Self.gemma, "the Gemma model is missing: run ops/setup")
        let prompts = try GoldenPrompt.load(folder: "gemma")
        #expect(prompts.count >= 7)
        for p in prompts {
            #expect(tokenizer.encode(p.prompt, addBOS: true, parseSpecial: true) == p.promptTokens, "\(p.name)")
        }
    }

    @Test func gemmaGreedyContinuationsDecodeToTheGoldenBytes() throws {
        let tokenizer = try #require(Self.gemma, "the Gemma model is missing: run ops/setup")
        for p in try GoldenPrompt.load(folder: "gemma") {
            #expect(tokenizer.decodeBytes(p.greedyTokens, renderSpecial: true) == p.greedyBytes, "\(p.name)")
            if let text = String(validating: p.greedyBytes, as: UTF8.self) {
                #expect(tokenizer.decode(p.greedyTokens, renderSpecial: true) == text, "\(p.name)")
            }
        }
    }

    @Test(arguments: TestFiles.tinyQuants)
    func tinyPromptsTokenizeAndDecodeExactlyLikeLlamaCpp(quant: String) throws {
        let tokenizer = try Tokenizer(gguf: GGUFFile(path: TestFiles.tinyModelPath(quant)))
        let prompts = try GoldenPrompt.load(folder: "tiny/\(quant)")
        #expect(!prompts.isEmpty)
        for p in prompts {
            #expect(tokenizer.encode(p.prompt, addBOS: true, parseSpecial: true) == p.promptTokens, "\(p.name)")
            // The golden text was rendered with special tokens shown (`<s>`, `<unk>`), as llama-simple does.
            #expect(tokenizer.decodeBytes(p.greedyTokens, renderSpecial: true) == p.greedyBytes, "\(p.name)")
        }
    }

    @Test func gemmaReferenceVectorsFromTheEngineNotes() throws {
        let tokenizer = try #require(Self.gemma, "the Gemma model is missing: run ops/setup")
        let vectors: [(String, [Int32])] = [
            ("Hello world", [2, 9259, 1902]),
            (" Hello  world", [2, 26352, 138, 12392]),
            ("The capital of France is", [2, 818, 5279, 529, 7001, 563]),
            ("line1\nline2\n\n", [2, 1257, 236770, 107, 1257, 236778, 108]),
            ("<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n", [2, 105, 2364, 107, 10979, 106, 107, 105, 4368, 107]),
            ("héllo 😀 ∑", [2, 236754, 7869, 844, 163543, 76689]),
            ("<s>x</s>", [2, 203, 236781, 212]),
        ]
        for (text, ids) in vectors {
            #expect(tokenizer.encode(text, addBOS: true, parseSpecial: true) == ids, "\(text.debugDescription)")
        }
    }

    @Test func gemmaSpecialTokensAndEndOfGeneration() throws {
        let tokenizer = try #require(Self.gemma, "the Gemma model is missing: run ops/setup")
        #expect(tokenizer.vocabularySize == 262_144)
        #expect(tokenizer.bos == 2 && tokenizer.eos == 1 && tokenizer.eot == 106)
        #expect(tokenizer.addBOSByDefault && !tokenizer.addSpacePrefix)
        #expect(tokenizer.isEndOfGeneration(1) && tokenizer.isEndOfGeneration(106) && tokenizer.isEndOfGeneration(212))
        #expect(!tokenizer.isEndOfGeneration(2) && !tokenizer.isEndOfGeneration(107))
        // Without parseSpecial control tokens stay text, user-defined ones (newline) are still split out.
        let plain = tokenizer.encode("<start_of_turn>\n", addBOS: false, parseSpecial: false)
        #expect(!plain.contains(105) && plain.last == 107)
        #expect(tokenizer.encode("", addBOS: true, parseSpecial: true) == [2])
        #expect(tokenizer.encode("", addBOS: false, parseSpecial: true) == [])
    }

    @Test func gemmaDecodingInvertsEncodingOnRandomText() throws {
        let tokenizer = try #require(Self.gemma, "the Gemma model is missing: run ops/setup")
        let alphabet: [String] = [
            "a", "Z", "7", " ", "  ", "\n", "\t", "\r\n", "é", "ß", "東", "京", "😀", "🦙", "∑", "—", "'", "<", ">", "/",
            "<b>", "</s>", "<end_of_turn>", "<start_of_turn>", "<unused17>", "\u{301}", "\u{FEFF}", "ǅ", "ﬁ", "½",
        ]
        var state = SeededGenerator(state: 42)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<40, using: &state) { text += alphabet.randomElement(using: &state)! }
            for parseSpecial in [false, true] {
                let ids = tokenizer.encode(text, addBOS: true, parseSpecial: parseSpecial)
                #expect(ids.first == 2)
                #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabularySize })
                #expect(tokenizer.decode(ids, renderSpecial: true) == "<bos>" + text, "\(text.debugDescription)")
            }
        }
    }
}

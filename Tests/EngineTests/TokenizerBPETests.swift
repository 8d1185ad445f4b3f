import Engine
import Foundation
import Testing

/// Byte-level BPE against a small in-memory vocabulary (no GPT-2-style model file is available here).
@Suite struct TokenizerBPETests {
    static let merges = [
        "h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld", "e r", "Ġ l", "Ġl o", "Ġlo w",
        "Ġlow er",
    ]
    /// The 256 byte characters, then every merge result, then a whole word reachable only without merges,
    /// then specials.
    static func vocabulary(pre: String) -> TokenizerVocabulary {
        var byteChars: [String] = []
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            byteChars.append(String(Unicode.Scalar(printable ? UInt32(byte) : { defer { next += 1 }; return next }())!))
        }
        let merged = merges.map { $0.replacingOccurrences(of: " ", with: "") }
        let tokens = byteChars + merged + ["xyz", "<|begin_of_text|>", "<|eot_id|>"]
        var types = [TokenType](repeating: .normal, count: tokens.count)
        types[tokens.count - 2] = .control
        types[tokens.count - 1] = .control
        return TokenizerVocabulary(
            model: .gpt2, pre: pre, tokens: tokens, types: types, merges: merges, bos: Int32(tokens.count - 2),
            eos: Int32(tokens.count - 1))
    }

    static func tokenizer(pre: String = "llama-bpe") throws -> Tokenizer {
        try Tokenizer(vocabulary: vocabulary(pre: pre))
    }

    private func texts(_ tokenizer: Tokenizer, _ ids: [Int32]) -> [String] { ids.map { tokenizer.text(of: $0) } }

    @Test func mergesFollowRankOrderIntoKnownSplits() throws {
        let t = try Self.tokenizer()
        #expect(texts(t, t.encode("hello world", addBOS: false, parseSpecial: false)) == ["hello", "Ġworld"])
        #expect(texts(t, t.encode("lower", addBOS: false, parseSpecial: false)) == ["l", "o", "w", "er"])
        #expect(texts(t, t.encode(" lower", addBOS: false, parseSpecial: false)) == ["Ġlower"])
        #expect(texts(t, t.encode("hellow", addBOS: false, parseSpecial: false)) == ["hello", "w"])
        #expect(texts(t, t.encode("é!", addBOS: false, parseSpecial: false)) == ["Ã", "©", "!"])
    }

    @Test func llama3AddsBOSAndParsesSpecialTokens() throws {
        let t = try Self.tokenizer()
        #expect(t.addBOSByDefault)
        let ids = t.encode("<|begin_of_text|>hello<|eot_id|>", addBOS: false, parseSpecial: true)
        #expect(texts(t, ids) == ["<|begin_of_text|>", "hello", "<|eot_id|>"])
        let plain = t.encode("<|eot_id|>", addBOS: true, parseSpecial: false)
        #expect(plain.first == t.bos && !plain.dropFirst().contains(t.eos!))
        #expect(t.eot == t.eos && t.isEndOfGeneration(t.eos!))
    }

    @Test func llama3TakesWholeWordsFromTheVocabularyWithoutMerging() throws {
        #expect(try texts(Self.tokenizer(), Self.tokenizer().encode("xyz", addBOS: false, parseSpecial: false)) == ["xyz"])
        let gpt2 = try Self.tokenizer(pre: "gpt-2")
        #expect(texts(gpt2, gpt2.encode("xyz", addBOS: false, parseSpecial: false)) == ["x", "y", "z"])
        #expect(!gpt2.addBOSByDefault)
    }

    @Test func decodingMapsByteCharactersBackToBytes() throws {
        let t = try Self.tokenizer()
        let ids = t.encode("hello world é\n", addBOS: true, parseSpecial: false)
        #expect(t.decode(ids) == "hello world é\n")
        #expect(t.decode(ids, renderSpecial: true) == "<|begin_of_text|>hello world é\n")
    }

    @Test func unknownPreTokenizerIsAnError() {
        #expect(throws: TokenizerError.self) { try Self.tokenizer(pre: "no-such-pre") }
    }

    // Expected splits computed with Python's `regex` module on the patterns llama.cpp uses.
    static let splitCases: [(pre: String, text: String, pieces: [String])] = [
        ("llama-bpe", "I'm here, THEY'RE not!!\n\n  ok", ["I", "'m", " here", ",", " THEY", "'RE", " not", "!!\n\n", " ", " ok"]),
        ("llama-bpe", "12345 apples cost $3.50\t\tnow", ["123", "45", " apples", " cost", " $", "3", ".", "50", "\t", "\tnow"]),
        ("llama-bpe", "naïve café — 東京 🚀 ∑x² = 42;   \n x",
         ["naïve", " café", " —", " 東京", " 🚀", " ∑", "x", "²", " =", " ", "42", ";", "   \n", " x"]),
        ("llama-bpe", "  leading and trailing  ", [" ", " leading", " and", " trailing", "  "]),
        ("llama-bpe", "don't\r\nstop 1234567", ["don", "'t", "\r\n", "stop", " ", "123", "456", "7"]),
        ("llama-bpe", "a\n\n\nb", ["a", "\n\n\n", "b"]),
        ("qwen2", "12345 apples", ["1", "2", "3", "4", "5", " apples"]),
        ("gpt-2", "I'm here, THEY'RE not!!\n\n  ok", ["I", "'m", " here", ",", " THEY", "'", "RE", " not", "!!", "\n\n ", " ok"]),
        ("gpt-2", "12345 apples cost $3.50\t\tnow", ["12345", " apples", " cost", " $", "3", ".", "50", "\t", "\t", "now"]),
        ("gpt-2", "don't\r\nstop 1234567", ["don", "'t", "\r", "\n", "stop", " 1234567"]),
        ("gpt-2", "a\n\n\nb", ["a", "\n\n", "\n", "b"]),
        ("default", "I'm here, THEY'RE not!!\n\n  ok", ["I", "'", "m", " here", ",", " THEY", "'", "RE", " not", "!!", "\n\n ", " ok"]),
        ("default", "12345 apples cost $3.50\t\tnow", ["123", "45", " apples", " cost", " ", "$", "3", ".", "50", "\t", "\t", "now"]),
        ("default", "a+b=c <tag> x^2 ~ y|z `q`",
         ["a", "+", "b", "=", "c", " ", "<", "tag", ">", " x", "^", "2", " ", "~", " y", "|", "z", " `", "q", "`"]),
        ("default", "price: 1234567 units", ["price", ":", " ", "123", "456", "7", " units"]),
    ]

    @Test(arguments: 0..<splitCases.count)
    func preTokenizerSplitsLikeTheReferenceRegex(index: Int) throws {
        let c = Self.splitCases[index]
        #expect(try Self.tokenizer(pre: c.pre).preTokens(c.text) == c.pieces)
    }
}

import Engine
import Testing

@Suite struct TokenizerDecodingTests {
    static let tiny: Tokenizer? = try? Tokenizer(gguf: GGUFFile(path: TestFiles.tinyModelPath("f32")))

    /// Tiny model byte tokens: `<0xNN>` has id NN + 3.
    private func byteTokens(_ bytes: [UInt8]) -> [Int32] { bytes.map { Int32($0) + 3 } }

    @Test func piecesRenderLikeTokenToPiece() throws {
        let t = try #require(Self.tiny)
        #expect(t.piece(t.bos!) == [] && t.piece(t.bos!, renderSpecial: true) == Array("<s>".utf8))
        #expect(t.piece(0) == [] && t.piece(0, renderSpecial: true) == Array("<unk>".utf8))
        #expect(t.piece(3 + 0x0A) == [0x0A])
        #expect(t.piece(260) == Array(" the".utf8))  // "▁the"
        #expect(t.piece(900) == [])  // unused
        #expect(t.piece(-1) == [] && t.piece(5000) == [])
    }

    @Test func spacePrefixIsAddedAtTheStartAndAfterSpecialTokens() throws {
        let t = try #require(Self.tiny)
        let plain = t.encode("the", addBOS: false, parseSpecial: true)
        #expect(plain.map { t.text(of: $0) } == ["▁the"])
        let afterSpecial = t.encode("the</s>the", addBOS: true, parseSpecial: true)
        #expect(afterSpecial.map { t.text(of: $0) } == ["<s>", "▁the", "</s>", "▁the"])
        let literal = t.encode("</s>", addBOS: false, parseSpecial: false)
        #expect(!literal.contains(t.eos!))
    }

    @Test func unknownCharactersFallBackToByteTokens() throws {
        let t = try #require(Self.tiny)
        let ids = t.encode("東", addBOS: false, parseSpecial: false)
        #expect(ids.suffix(3) == ArraySlice(byteTokens([0xE6, 0x9D, 0xB1])))
        #expect(t.decode(ids) == " 東")
    }

    @Test func streamingHoldsBackCharactersSplitAcrossByteTokens() throws {
        let t = try #require(Self.tiny)
        var decoder = StreamingDecoder(tokenizer: t)
        // "é" (C3 A9), then 🚀 (F0 9F 9A 80), then "a".
        let outputs = byteTokens([0xC3, 0xA9, 0xF0, 0x9F, 0x9A, 0x80, 0x61]).map { decoder.append($0) }
        #expect(outputs == ["", "é", "", "", "", "🚀", "a"])
        #expect(!decoder.hasPendingBytes && decoder.finish() == "")
    }

    @Test func streamingNeverHoldsBytesThatCannotBecomeACharacter() throws {
        let t = try #require(Self.tiny)
        var decoder = StreamingDecoder(tokenizer: t)
        #expect(decoder.append(byteTokens([0xFF])[0]) == "\u{FFFD}")
        #expect(decoder.append(byteTokens([0xC3])[0]) == "")
        #expect(decoder.append(byteTokens([0x61])[0]) == "\u{FFFD}a")
        #expect(decoder.append(byteTokens([0xE2])[0]) == "")
        #expect(decoder.finish() == "\u{FFFD}")
    }

    @Test func streamingOutputEqualsWholeDecodeAndIsAlwaysValidUTF8() throws {
        let t = try #require(Self.tiny)
        for quant in ["f32", "Q8_0"] {
            for p in try GoldenPrompt.load(folder: "tiny/\(quant)") {
                var decoder = StreamingDecoder(tokenizer: t, renderSpecial: true)
                var streamed = ""
                for token in p.greedyTokens {
                    let chunk = decoder.append(token)
                    // Every chunk is a whole string of scalars: re-encoding it gives back its own bytes.
                    #expect(String(decoding: Array(chunk.utf8), as: UTF8.self) == chunk)
                    streamed += chunk
                }
                streamed += decoder.finish()
                #expect(streamed == String(decoding: p.greedyBytes, as: UTF8.self), "\(p.name)")
            }
        }
    }

    @Test func modelWithoutTokenizerMetadataIsAnError() throws {
        let path = try TestFiles.temporary(GGUFBuilder.sampleBytes())
        defer { TestFiles.remove(path) }
        do {
            _ = try Tokenizer(gguf: GGUFFile(path: path))
            Issue.record("a file without tokenizer.ggml.model gave a tokenizer")
        } catch let error as TokenizerError {
            #expect(error.code == .missingVocabulary)
        }
    }

    @Test func mismatchedScoresAreAnError() {
        let vocabulary = TokenizerVocabulary(model: .llama, tokens: ["<unk>", "a"], scores: [0])
        #expect(throws: TokenizerError.self) { try Tokenizer(vocabulary: vocabulary) }
    }
}

/// Text ↔ token ids for a GGUF model, reproducing llama.cpp's `llama_tokenize` and `token_to_piece`.
///
/// Immutable after init, so one instance is shared by every session of a model.
public final class Tokenizer: Sendable {
    public let model: TokenizerVocabulary.Model
    public let bos: Int32?
    public let eos: Int32?
    /// End of turn (`<end_of_turn>` for Gemma, `<|eot_id|>` for LLaMA 3).
    public let eot: Int32?
    public let unknown: Int32?
    public let padding: Int32?
    /// Whether the model asks for BOS at the start of a prompt (`add_bos_token`).
    public let addBOSByDefault: Bool
    /// Whether the model asks for EOS after a prompt (`add_eos_token`).
    public let addEOSByDefault: Bool
    public let addSpacePrefix: Bool
    /// Tokens that end generation (EOS, EOT, EOM and end-of-turn-like specials, as llama.cpp's `is_eog`).
    public let endOfGenerationTokens: Set<Int32>

    private let tokens: ByteStringTable
    private let types: [TokenType]
    private let specials: SpecialTokenMatcher
    private let spm: SPMEncoder?
    private let bpe: BPEEncoder?
    private let preTokenizer: PreTokenizer?

    /// Texts llama.cpp treats as end of generation whatever their id (its list, plus Gemma's `</s>`).
    static let endOfGenerationTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<end_of_turn>", "<|endoftext|>",
        "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>", "<end_of_utterance>", "</s>",
    ]
    static let endOfTurnTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>",
        "_<EOT>", "<｜end▁of▁sentence｜>", "<end_of_utterance>",
    ]

    public convenience init(gguf: GGUFFile) throws {
        try self.init(vocabulary: TokenizerVocabulary(gguf: gguf))
    }

    public init(vocabulary v: TokenizerVocabulary) throws {
        guard v.scores.count == v.tokens.count, v.types.count == v.tokens.count else {
            throw TokenizerError(
                .inconsistentVocabulary,
                "\(v.tokens.count) tokens but \(v.scores.count) scores and \(v.types.count) token types")
        }
        model = v.model
        tokens = ByteStringTable(v.tokens, keepFirst: false)
        types = v.types
        specials = SpecialTokenMatcher(tokens: tokens, types: v.types)
        let valid = { (id: Int32?) in id.flatMap { $0 >= 0 && Int($0) < v.tokens.count ? $0 : nil } }
        bos = valid(v.bos)
        eos = valid(v.eos)
        unknown = valid(v.unknown)
        padding = valid(v.padding)
        addBOSByDefault = v.addBOS
        addEOSByDefault = v.addEOS
        addSpacePrefix = v.addSpacePrefix
        switch v.model {
        case .llama:
            spm = SPMEncoder(tokens: tokens, scores: v.scores, unknown: unknown)
            bpe = nil
            preTokenizer = nil
        case .gpt2:
            let pre = try PreTokenizer(name: v.pre)
            spm = nil
            preTokenizer = pre
            bpe = BPEEncoder(
                tokens: tokens, merges: ByteStringTable(v.merges, keepFirst: true), ignoreMerges: pre.ignoresMerges)
        }
        let table = tokens
        let byText = { (texts: [String]) in texts.compactMap { table.find(Array($0.utf8)) } }
        eot = valid(v.eot) ?? byText(Self.endOfTurnTexts).first
        var eog = Set(byText(Self.endOfGenerationTexts))
        for id in [eos, eot, valid(v.eom)].compactMap({ $0 }) { eog.insert(id) }
        endOfGenerationTokens = eog
    }

    public var vocabularySize: Int { types.count }

    public func isEndOfGeneration(_ token: Int32) -> Bool { endOfGenerationTokens.contains(token) }

    /// The vocabulary entry's raw text (`▁Hello`, `<0x0A>`, `<start_of_turn>`).
    public func text(of token: Int32) -> String {
        guard isValid(token) else { return "" }
        return String(decoding: tokens.bytes(Int(token)), as: UTF8.self)
    }

    public func type(of token: Int32) -> TokenType {
        isValid(token) ? types[Int(token)] : .undefined
    }

    /// The id of a vocabulary entry with exactly this text.
    public func token(forText text: String) -> Int32? { tokens.find(Array(text.utf8)) }

    private func isValid(_ token: Int32) -> Bool { token >= 0 && Int(token) < types.count }

    // MARK: encoding

    /// Tokenizes `text` like `llama_tokenize(text, add_special: addBOS, parse_special: parseSpecial)`: with `addBOS`
    /// BOS is prepended (and EOS appended when the model asks for it); with `parseSpecial` control tokens written in
    /// the text (`<start_of_turn>`) become their ids. User-defined tokens are always split out.
    public func encode(_ text: String, addBOS: Bool, parseSpecial: Bool) -> [Int32] {
        var output: [Int32] = []
        if addBOS, let bos { output.append(bos) }
        let utf8 = Array(text.utf8)
        let fragments = utf8.withUnsafeBufferPointer { specials.partition($0, parseSpecial: parseSpecial) }
        var previousWasSpecial = true
        for fragment in fragments {
            switch fragment {
            case .token(let token):
                output.append(token)
                previousWasSpecial = true
            case .raw(let range):
                if let spm {
                    spm.encode(escapeSPM(utf8[range], prefixSpace: addSpacePrefix && previousWasSpecial), into: &output)
                } else if let bpe, let preTokenizer {
                    encodeBPE(utf8[range], bpe: bpe, preTokenizer: preTokenizer, into: &output)
                }
                previousWasSpecial = false
            }
        }
        if addBOS, addEOSByDefault, let eos { output.append(eos) }
        return output
    }

    /// Tokenizes a prompt the way the model asks: BOS when it wants one, special tokens parsed.
    public func encode(_ text: String) -> [Int32] {
        encode(text, addBOS: addBOSByDefault, parseSpecial: true)
    }

    /// The pre-tokens a BPE model splits raw text into before merging (the whole text for SentencePiece models);
    /// for inspecting tokenisation.
    public func preTokens(_ text: String) -> [String] {
        guard let preTokenizer else { return text.isEmpty ? [] : [text] }
        let scalars = Array(text.unicodeScalars)
        return preTokenizer.split(scalars).map { range in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[range])
            return String(s)
        }
    }

    /// `" "` → `"▁"`, with an optional leading space (SentencePiece's dummy prefix).
    private func escapeSPM(_ raw: ArraySlice<UInt8>, prefixSpace: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + 3)
        if prefixSpace { out += [0xE2, 0x96, 0x81] }
        for byte in raw {
            if byte == 0x20 { out += [0xE2, 0x96, 0x81] } else { out.append(byte) }
        }
        return out
    }

    private func encodeBPE(
        _ raw: ArraySlice<UInt8>, bpe: BPEEncoder, preTokenizer: PreTokenizer, into output: inout [Int32]
    ) {
        for piece in preTokens(String(decoding: raw, as: UTF8.self)) {
            bpe.encode(ByteLevel.encode(piece.utf8), into: &output)
        }
    }

    // MARK: decoding

    /// The bytes of one token as llama.cpp's `token_to_piece` renders them: byte tokens are that byte, `▁` is a
    /// space, user-defined tokens are verbatim, control/unknown tokens are empty unless `renderSpecial`, unused
    /// tokens are empty.
    public func piece(_ token: Int32, renderSpecial: Bool = false) -> [UInt8] {
        guard isValid(token) else { return [] }
        let text = tokens.bytes(Int(token))
        switch types[Int(token)] {
        case .control, .unknown: return renderSpecial ? Array(text) : []
        case .userDefined: return Array(text)
        case .normal:
            return model == .llama ? unescapeSPM(text) : ByteLevel.decode(text)
        case .byte:
            return model == .llama ? parseByteToken(text).map { [$0] } ?? [] : ByteLevel.decode(text)
        case .unused, .undefined: return []
        }
    }

    /// The concatenated pieces of `tokens` (no leading space is stripped: this is continuation text).
    public func decodeBytes(_ tokens: [Int32], renderSpecial: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        for token in tokens { out += piece(token, renderSpecial: renderSpecial) }
        return out
    }

    /// The text of `tokens`; bytes that do not form valid UTF-8 become U+FFFD.
    public func decode(_ tokens: [Int32], renderSpecial: Bool = false) -> String {
        String(decoding: decodeBytes(tokens, renderSpecial: renderSpecial), as: UTF8.self)
    }

    private func unescapeSPM(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0xE2, i + 2 < text.endIndex, text[i + 1] == 0x96, text[i + 2] == 0x81 {
                out.append(0x20)
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// `<0xAB>` → 0xAB.
    private func parseByteToken(_ text: ArraySlice<UInt8>) -> UInt8? {
        guard text.count == 6, let value = UInt8(String(decoding: text.dropFirst(3).prefix(2), as: UTF8.self), radix: 16)
        else { return text.count == 1 ? text.first : nil }
        return value
    }
}

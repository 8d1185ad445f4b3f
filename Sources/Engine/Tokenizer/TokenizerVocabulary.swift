/// Everything a tokenizer needs, as read from `tokenizer.ggml.*` metadata (or built in memory by tests).
public struct TokenizerVocabulary: Sendable {
    public enum Model: String, Sendable {
        /// SentencePiece-style: scores, byte fallback `<0xNN>`, `▁` for spaces.
        case llama
        /// GPT-2-style byte-level BPE: merges ranked by position, a regex pre-tokenizer.
        case gpt2
    }

    public var model: Model
    /// `tokenizer.ggml.pre`: the BPE pre-tokenizer name.
    public var pre: String?
    public var tokens: [String]
    public var scores: [Float]
    public var types: [TokenType]
    /// `"left right"` strings, rank = index.
    public var merges: [String]
    public var bos: Int32?
    public var eos: Int32?
    public var unknown: Int32?
    public var padding: Int32?
    public var eot: Int32?
    public var eom: Int32?
    public var addBOS: Bool
    public var addEOS: Bool
    public var addSpacePrefix: Bool

    public init(
        model: Model, pre: String? = nil, tokens: [String], scores: [Float]? = nil, types: [TokenType]? = nil,
        merges: [String] = [], bos: Int32? = nil, eos: Int32? = nil, unknown: Int32? = nil, padding: Int32? = nil,
        eot: Int32? = nil, eom: Int32? = nil, addBOS: Bool? = nil, addEOS: Bool? = nil, addSpacePrefix: Bool? = nil
    ) {
        self.model = model
        self.pre = pre
        self.tokens = tokens
        self.scores = scores ?? [Float](repeating: 0, count: tokens.count)
        self.types = types ?? [TokenType](repeating: .normal, count: tokens.count)
        self.merges = merges
        // llama.cpp's defaults when the keys are missing.
        switch model {
        case .llama:
            self.bos = bos ?? 1
            self.eos = eos ?? 2
            self.unknown = unknown ?? 0
            self.addBOS = addBOS ?? true
            self.addSpacePrefix = addSpacePrefix ?? true
        case .gpt2:
            self.bos = bos ?? 11
            self.eos = eos ?? 11
            self.unknown = unknown
            self.addBOS = addBOS ?? PreTokenizer.addsBOSByDefault(pre)
            self.addSpacePrefix = addSpacePrefix ?? false
        }
        self.padding = padding
        self.eot = eot
        self.eom = eom
        self.addEOS = addEOS ?? false
    }

    /// Reads the vocabulary of a GGUF model.
    public init(gguf file: GGUFFile) throws {
        guard let name = file.string("tokenizer.ggml.model") else {
            throw TokenizerError(
                .missingVocabulary, "\(file.path) has no tokenizer.ggml.model key; it carries no tokenizer")
        }
        guard let model = Model(rawValue: name) else {
            throw TokenizerError(
                .unsupportedModel,
                "\(file.path) uses tokenizer model '\(name)'; only 'llama' (SentencePiece) and 'gpt2' (BPE) are supported")
        }
        guard let tokens = file.strings("tokenizer.ggml.tokens"), !tokens.isEmpty else {
            throw TokenizerError(.missingVocabulary, "\(file.path) has no tokenizer.ggml.tokens array")
        }
        let scores = file.floats("tokenizer.ggml.scores")
        let types = file.ints("tokenizer.ggml.token_type")
        if let scores, scores.count != tokens.count {
            throw TokenizerError(
                .inconsistentVocabulary, "\(file.path) has \(tokens.count) tokens but \(scores.count) scores")
        }
        if let types, types.count != tokens.count {
            throw TokenizerError(
                .inconsistentVocabulary, "\(file.path) has \(tokens.count) tokens but \(types.count) token types")
        }
        let merges = file.strings("tokenizer.ggml.merges") ?? []
        if model == .gpt2, merges.isEmpty {
            throw TokenizerError(.missingVocabulary, "\(file.path) is a BPE tokenizer without tokenizer.ggml.merges")
        }
        func id(_ key: String) -> Int32? {
            guard let value = file.int("tokenizer.ggml.\(key)"), value >= 0, value < tokens.count else { return nil }
            return Int32(value)
        }
        self.init(
            model: model, pre: file.string("tokenizer.ggml.pre"), tokens: tokens, scores: scores,
            types: types?.map { TokenType(gguf: $0) }, merges: merges, bos: id("bos_token_id"),
            eos: id("eos_token_id"), unknown: id("unknown_token_id"), padding: id("padding_token_id"),
            eot: id("eot_token_id"), eom: id("eom_token_id"), addBOS: file.bool("tokenizer.ggml.add_bos_token"),
            addEOS: file.bool("tokenizer.ggml.add_eos_token"),
            addSpacePrefix: file.bool("tokenizer.ggml.add_space_prefix"))
    }
}

import LumosBase

/// Why a tokenizer could not be built from a model's metadata.
public struct TokenizerError: CodedError, Sendable {
    public enum Code: String, Sendable {
        case missingVocabulary
        case inconsistentVocabulary
        case unsupportedModel
        case unsupportedPreTokenizer
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Tokenizer error (\(code.rawValue)): \(message)" }
}

/// `tokenizer.ggml.token_type` values.
public enum TokenType: UInt8, Sendable {
    case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6

    init(gguf value: Int) {
        self = TokenType(rawValue: UInt8(clamping: max(0, value))) ?? .undefined
    }

    /// Tokens that special-token partitioning looks for in the text.
    var isSpecial: Bool { self == .control || self == .userDefined || self == .unknown }
}

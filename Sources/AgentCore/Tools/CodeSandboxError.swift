import LumosBase

/// Why `Code` cannot run here.
public struct CodeSandboxError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        case unavailable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

import LumosBase

/// Why a model could not be loaded or run. Each case names the file, tensor or key involved and what to do.
public struct ModelError: CodedError, Equatable, Sendable {
    public enum Code: String, Sendable {
        case unknownArchitecture
        case missingMetadata
        case invalidMetadata
        case missingTensor
        case unsupportedTensorType
        case shapeMismatch
        case contextFull
        case invalidToken
        case emptyPrompt
        case kvBudgetExhausted
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "model error (\(code.rawValue)): \(message)" }

    public static func == (lhs: ModelError, rhs: ModelError) -> Bool { lhs.code == rhs.code }
}

import LumosBase

/// Why a GGUF file could not be read. Every failure names the file and the problem, so a user can tell a
/// truncated download from an unsupported format without a debugger.
public struct GGUFError: CodedError, Equatable, Sendable {
    public enum Code: String, Sendable {
        case cannotOpen
        case badMagic
        case unsupportedVersion
        case bigEndian
        case truncated
        case invalidValueType
        case invalidString
        case duplicateKey
        case invalidTensorInfo
        case duplicateTensor
        case unknownTensorType
        case badAlignment
        case offsetPastEnd
    }

    public let code: Code
    public let path: String
    public let message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        "GGUF error (\(code.rawValue)) in \(path): \(message)"
    }

    public static func == (lhs: GGUFError, rhs: GGUFError) -> Bool { lhs.code == rhs.code }
}

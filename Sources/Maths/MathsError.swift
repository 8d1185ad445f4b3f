import LumosBase

/// Why a maths tool could not produce a result. The message names the problem in the input.
public struct MathsError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The text is not a maths expression this engine reads.
        case syntax
        /// An unknown tool name, or `Code`, which is not executed.
        case unsupportedTool
        /// A well-formed request outside what the engine does (e.g. a cubic equation).
        case unsupported
        case divisionByZero
        /// A value outside a function's domain (e.g. `log(-1)`, an even root of a negative number).
        case domain
        /// The result would be too large to compute or print (e.g. `2^99999999`), or the input nests too deeply.
        case tooLarge
        /// An equation or inequality with no (real) solution, or with infinitely many.
        case noSolution
        /// Empty input.
        case empty
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

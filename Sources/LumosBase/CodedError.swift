/// The error template of every target: a stable snake_case `code` for programs, and a `message`
/// that says what went wrong and what to do, for people. `description` is the message, so logs,
/// recorded trajectories and the tools' `Error:` lines read alike and never show a type name.
public protocol CodedError: Error, CustomStringConvertible {
    associatedtype Code: RawRepresentable where Code.RawValue == String
    var code: Code { get }
    var message: String { get }
}

extension CodedError {
    public var description: String { message }

    /// `code: message`, for log lines and metrics that want the code beside the sentence.
    public var codedMessage: String { "\(code.rawValue): \(message)" }
}

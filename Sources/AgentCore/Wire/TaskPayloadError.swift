import LumosBase

/// A queue payload that is not an agent task: the sentence says what is wrong with it.
public struct TaskPayloadError: CodedError, Sendable {
    public enum Code: String, Sendable {
        case badPayload = "bad_payload"
    }

    public let code = Code.badPayload
    public let message: String
    public init(_ message: String) { self.message = message }
}

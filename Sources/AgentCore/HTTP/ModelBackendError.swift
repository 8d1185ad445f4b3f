import LumosBase

/// A model endpoint that could not produce a completion. The agent records it as `model_error`,
/// which the worker retries.
public struct ModelBackendError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        case unreachable
        case timeout
        case httpStatus = "http_status"
        case malformedResponse = "malformed_response"
    }

    public var code: Code
    public var message: String
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// Connection errors, 429 and 5xx may pass; a timeout means the model is too slow for the
    /// budget, and retrying would only multiply the wait.
    public var isTransient: Bool {
        switch code {
        case .unreachable: true
        case .httpStatus: status == 429 || (status ?? 0) >= 500
        case .timeout, .malformedResponse: false
        }
    }
}

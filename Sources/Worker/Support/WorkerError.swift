import LumosBase

/// A worker failure a person can act on: a stable code and a sentence.
public struct WorkerError: CodedError, Sendable {
    public enum Code: String, Sendable {
        case invalidConfiguration = "invalid_configuration"
        case redisUnavailable = "redis_unavailable"
        case storeUnavailable = "store_unavailable"
        case metricsUnavailable = "metrics_unavailable"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

}

/// A worker failure a person can act on: a stable code and a sentence.
public struct WorkerError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidConfiguration = "invalid_configuration"
        case badPayload = "bad_payload"
        case redisUnavailable = "redis_unavailable"
        case storeUnavailable = "store_unavailable"
        case metricsUnavailable = "metrics_unavailable"
        case modelUnavailable = "model_unavailable"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

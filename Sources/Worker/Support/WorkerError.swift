import LumosBase

/// A worker failure a person can act on: a stable code and a sentence.
public struct WorkerError: CodedError, Sendable {
    public enum Code: String, Sendable {
        case invalidConfiguration = "invalid_configuration"
        case redisUnavailable = "redis_unavailable"
        case storeUnavailable = "store_unavailable"
        case metricsUnavailable = "metrics_unavailable"
    }

    /// The configuration value an invalid-configuration error is about, so that a command can name
    /// its own flag (the library names none).
    public enum Setting: String, Sendable {
        case concurrency, lease, grace, idleSeconds, taskTimeout, metricsPort
    }

    public let code: Code
    public let message: String
    public let setting: Setting?

    public init(_ code: Code, _ message: String, setting: Setting? = nil) {
        self.code = code
        self.message = message
        self.setting = setting
    }

}

import Queue

/// What `lumos-submit console` was asked to serve.
public struct ConsoleConfiguration: Sendable {
    public var redis: RedisURL
    public var queue: QueueConfiguration
    public var databases: [String]
    public var host: String
    /// 0 picks a free port (printed at start-up).
    public var port: Int
    /// Needed for every state change; also for reading when `protectReads`.
    public var token: String
    public var protectReads: Bool

    public init(redis: RedisURL, queue: QueueConfiguration = QueueConfiguration(), databases: [String], host: String = "127.0.0.1",
                port: Int = 8080, token: String, protectReads: Bool = false) {
        self.redis = redis
        self.queue = queue
        self.databases = databases
        self.host = host
        self.port = port
        self.token = token
        self.protectReads = protectReads
    }
}

import ArgumentParser
import Foundation
import Queue

/// The Redis and queue flags of every command that talks to the queue. Flags win, then
/// `LUMOS_REDIS_URL` / `LUMOS_QUEUE` / `LUMOS_PREFIX`, then a local Redis and the default queue.
public struct QueueOptions: ParsableArguments {
    @Option(help: "Redis URL: redis://[user:password@]host:port[/db], unix:///path.sock or redis+sentinel://[user:password@]host:26379[,host:26379…]/MASTER_NAME[?sentinel_password=…] (env LUMOS_REDIS_URL; default redis://127.0.0.1:6379).")
    public var redis: String?

    @Option(help: "The queue (env LUMOS_QUEUE; default \(QueueConfiguration.defaultQueue)).")
    public var queue: String?

    @Option(help: "Key prefix shared by every process using the queue (env LUMOS_PREFIX; default lumos:).")
    public var prefix: String?

    @Option(name: .customLong("min-replicas-acks"), help: "After every queue write, wait until this many Redis replicas hold it (WAIT); a write fewer acknowledged is retried, never reported done (env LUMOS_MIN_REPLICAS_ACKS; default 0: off).")
    public var minReplicaAcks: Int?

    @Option(name: .customLong("ack-timeout"), help: "Milliseconds --min-replicas-acks may wait per write (env LUMOS_ACK_TIMEOUT_MS; default 1000).")
    public var ackTimeout: Int?

    public init() {}

    public func validate() throws {
        try FlagCheck.within(try Environment.current.resolve(minReplicaAcks, .minReplicaAcks), 0...64, flag: "--min-replicas-acks (or \(Setting.minReplicaAcks.name))")
        try FlagCheck.within(try Environment.current.resolve(ackTimeout, .ackTimeout), 1...600_000, flag: "--ack-timeout (or \(Setting.ackTimeout.name))")
    }

    public var queueName: String { Environment.current.resolve(queue, .queue, default: QueueConfiguration.defaultQueue) }

    public var queueConfiguration: QueueConfiguration {
        var configuration = QueueConfiguration()
        if let prefix = Environment.current.resolve(prefix, .prefix) { configuration.keyPrefix = prefix }
        // Malformed values were refused by validate().
        if let acks = (try? Environment.current.resolve(minReplicaAcks, .minReplicaAcks)) ?? nil { configuration.minReplicaAcks = acks }
        if let timeout = (try? Environment.current.resolve(ackTimeout, .ackTimeout)) ?? nil { configuration.ackTimeoutMilliseconds = timeout }
        return configuration
    }

    /// `--redis`, else `LUMOS_REDIS_URL`, else nil (the caller decides: a private server, or
    /// ``RedisURL/localDefault``). A malformed URL is an error naming where it came from.
    public func configuredURL() throws -> RedisURL? {
        try Self.configuredURL(flag: redis)
    }

    /// The configured URL, else redis://127.0.0.1:6379.
    public func url() throws -> RedisURL { try configuredURL() ?? .localDefault }

    public static func configuredURL(flag: String?, environment: Environment = .current) throws -> RedisURL? {
        let source = flag.flatMap { $0.isEmpty ? nil : "--redis" } ?? Setting.redisURL.name
        guard let text = environment.resolve(flag.flatMap { $0.isEmpty ? nil : $0 }, .redisURL) else { return nil }
        do {
            return try RedisURL(parsing: text)
        } catch let error as QueueError {
            throw CommandFailure("\(source): \(error.message)")
        }
    }

    /// Connects with short timeouts and no reconnect loop, so a dead server is a prompt, clear
    /// error rather than a hang.
    public func connect() throws -> TaskQueue {
        try Self.connect(url: url(), configuration: queueConfiguration)
    }

    /// What the tools add to a connection error: the flag and variable that name the server.
    public static let advice = "Start Redis, or point --redis / LUMOS_REDIS_URL at a running server."

    /// The flag to name after a queue error, when a flag can fix it.
    public static func advice(for error: QueueError) -> String {
        switch error.code {
        case .connectionRefused, .connectionTimeout, .connectionLost: " " + advice
        case .authenticationFailed: " Check the user and password in --redis or LUMOS_REDIS_URL."
        default: ""
        }
    }

    public static func connect(url: RedisURL, configuration: QueueConfiguration) throws -> TaskQueue {
        do {
            let queue = try TaskQueue(url: url, configuration: configuration,
                                      options: ConnectionOptions(connectTimeout: 3, commandTimeout: 10, reconnectAttempts: 2))
            for warning in queue.warnings { printError("warning: \(warning)") }
            return queue
        } catch let error as QueueError {
            // The queue's message says what went wrong; the flag to fix it is the tools' to name.
            throw CommandFailure(error.message + Self.advice(for: error))
        }
    }
}

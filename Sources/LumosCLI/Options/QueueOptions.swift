import ArgumentParser
import Foundation
import Queue

/// The Redis and queue flags of every command that talks to the queue. Flags win, then
/// `LUMOS_REDIS_URL` / `LUMOS_QUEUE` / `LUMOS_PREFIX`, then a local Redis and the default queue.
public struct QueueOptions: ParsableArguments {
    @Option(help: "Redis URL: redis://[user:password@]host:port[/db] or unix:///path.sock (env LUMOS_REDIS_URL; default redis://127.0.0.1:6379).")
    public var redis: String?

    @Option(help: "The queue (env LUMOS_QUEUE; default \(QueueConfiguration.defaultQueue)).")
    public var queue: String?

    @Option(help: "Key prefix shared by every process using the queue (env LUMOS_PREFIX; default lumos:).")
    public var prefix: String?

    public init() {}

    public var queueName: String { Environment.current.resolve(queue, .queue, default: QueueConfiguration.defaultQueue) }

    public var queueConfiguration: QueueConfiguration {
        var configuration = QueueConfiguration()
        if let prefix = Environment.current.resolve(prefix, .prefix) { configuration.keyPrefix = prefix }
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

import ArgumentParser
import Foundation
import Queue

/// The Redis and queue flags shared by submit, status, wait and collect. Flags win, then
/// `LUMOS_REDIS_URL` / `LUMOS_QUEUE` / `LUMOS_PREFIX`, then a local Redis and the default queue.
struct QueueOptions: ParsableArguments {
    @Option(help: "Redis URL (env LUMOS_REDIS_URL; default redis://127.0.0.1:6379).")
    var redis: String?

    @Option(help: "The queue (env LUMOS_QUEUE; default \(QueueConfiguration.defaultQueue)).")
    var queue: String?

    @Option(help: "Key prefix shared by every process using the queue (env LUMOS_PREFIX; default lumos:).")
    var prefix: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var queueName: String { queue ?? environment["LUMOS_QUEUE"] ?? QueueConfiguration.defaultQueue }

    var queueConfiguration: QueueConfiguration {
        var configuration = QueueConfiguration()
        if let prefix = prefix ?? environment["LUMOS_PREFIX"] { configuration.keyPrefix = prefix }
        return configuration
    }

    /// Connects with short timeouts and no reconnect loop, so a dead server is a prompt, clear
    /// error rather than a hang.
    func connect() throws -> TaskQueue {
        let url = try RedisURL.configured(flag: redis) ?? .localDefault
        return try Self.connect(url: url, configuration: queueConfiguration)
    }

    static func connect(url: RedisURL, configuration: QueueConfiguration) throws -> TaskQueue {
        do {
            let queue = try TaskQueue(url: url, configuration: configuration,
                                      options: ConnectionOptions(connectTimeout: 3, commandTimeout: 10, reconnectAttempts: 2))
            for warning in queue.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            return queue
        } catch let error as QueueError {
            // The queue's message already says what to do for this error, and only for it.
            throw CommandFailure(error.message)
        }
    }
}

/// An error already phrased for the user: printed as `Error: <message>` with a failure status.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
    var description: String { message }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

import Foundation
import Queue

/// A private redis-server for one test (Unix socket in a temp dir; optionally TCP with a
/// password and ACL users, append-only on). It is `Queue.LocalRedisServer`: start, stop,
/// crash (SIGKILL), restart in the same directory, freeze/thaw (SIGSTOP/SIGCONT).
public typealias RedisServer = LocalRedisServer

/// Starts a private Redis, connects a queue to it, runs `body`, and stops the server even if
/// `body` throws. The server stays alive for the whole body (ARC cannot end it early).
public func withRedis<R>(
    _ options: LocalRedisServer.Options = LocalRedisServer.Options(),
    configuration: QueueConfiguration = QueueConfiguration(),
    _ body: (LocalRedisServer, TaskQueue) throws -> R
) throws -> R {
    let server = try LocalRedisServer(options: options)
    defer { server.stop() }
    let queue = try TaskQueue(url: server.url, configuration: configuration)
    defer { queue.close() }
    return try withExtendedLifetime(server) { try body(server, queue) }
}

/// Test-friendly queue settings: short backoff so retries can be made due without long sleeps.
public func testQueueConfiguration(
    retryBase: Double = 1, retryMax: Double = 60, deadLetterCap: Int = 100_000, retention: Double = 3600
) -> QueueConfiguration {
    QueueConfiguration(finishedRetentionSeconds: retention, deadLetterCap: deadLetterCap,
                       retryBaseDelaySeconds: retryBase, retryMaxDelaySeconds: retryMax)
}

/// A payload of JSON bytes.
public func jsonPayload(_ text: String) -> Data { Data(text.utf8) }

extension LocalRedisServer {
    /// How many clients are blocked in a command (`BLMOVE`, `BZPOPMIN`, …) right now, from
    /// `INFO clients`; -1 when the server cannot be asked. For waiting until a consumer really blocks.
    public var blockedClients: Int {
        guard let queue = try? TaskQueue(url: url) else { return -1 }
        defer { queue.close() }
        let info = (try? queue.withConnection { try $0.checkedSend(RedisCommand("INFO", "clients")).string }) ?? nil
        let line = info?.split(whereSeparator: \.isNewline).first { $0.hasPrefix("blocked_clients:") }
        return line.flatMap { Int($0.dropFirst("blocked_clients:".count).trimmingCharacters(in: .whitespaces)) } ?? -1
    }
}

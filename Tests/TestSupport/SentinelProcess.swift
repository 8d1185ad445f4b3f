import Foundation
import Queue

/// A real Redis Sentinel (Debian's `redis-sentinel CONF`) on a loopback port, watching one master
/// as `mymaster` (quorum 1 by default), so that a test can ask it for the master and force or
/// provoke a failover. Stopped (SIGKILL, folder removed) when released.
public final class SentinelProcess {
    public let port: Int
    public let directory: URL
    private let process = Process()
    /// Kills the sentinel if the test process dies without stopping it.
    private var orphanGuard: OrphanGuard?

    public init(masterPort: Int, masterPassword: String? = nil, password: String? = nil, quorum: Int = 1,
                downAfterMilliseconds: Int = 1000, failoverTimeoutMilliseconds: Int = 10000) throws {
        port = try LocalRedisServer.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-sentinel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lines = [
            "port \(port)", "bind 127.0.0.1", "dir \(directory.path)",
            "logfile \(directory.appendingPathComponent("sentinel.log").path)",
            "sentinel monitor mymaster 127.0.0.1 \(masterPort) \(quorum)",
            "sentinel down-after-milliseconds mymaster \(downAfterMilliseconds)",
            "sentinel failover-timeout mymaster \(failoverTimeoutMilliseconds)",
        ]
        if let masterPassword { lines.append("sentinel auth-pass mymaster \(masterPassword)") }
        if let password { lines.append("requirepass \(password)") }
        let config = directory.appendingPathComponent("sentinel.conf")
        try lines.joined(separator: "\n").appending("\n").write(to: config, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["redis-sentinel", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        orphanGuard = OrphanGuard(pid: process.processIdentifier)
        let url = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), password: password)
        let ready = eventually(timeout: 15, every: 0.05) {
            (try? RedisConnection(url: url, options: ConnectionOptions(reconnectAttempts: 0)).send(RedisCommand("PING"))) == .status("PONG")
        }
        guard ready else {
            stop()
            throw QueueError(.serverStart, "redis-sentinel on port \(port) did not answer PING.")
        }
    }

    deinit { stop() }

    public func stop() {
        orphanGuard?.release()
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Asks this sentinel a command (SENTINEL FAILOVER, SENTINEL get-master-addr-by-name …).
    public func send(_ arguments: String..., password: String? = nil) throws -> RedisValue {
        let url = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), password: password)
        return try RedisConnection(url: url, options: ConnectionOptions(reconnectAttempts: 0)).send(RedisCommand(arguments))
    }

    /// The master's port this sentinel reports right now, nil when it cannot be asked.
    public var masterPort: Int? {
        guard let reply = try? send("SENTINEL", "get-master-addr-by-name", "mymaster").array, reply.count == 2 else { return nil }
        return reply[1].int
    }
}

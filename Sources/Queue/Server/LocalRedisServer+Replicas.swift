import Foundation

extension LocalRedisServer {
    /// Starts `count` private replicas of this server (which needs a TCP port) and returns once
    /// all of them are connected and past their initial sync, so a WAIT right after counts every one.
    /// - Parameter extraArguments: settings for the replicas beside `--replicaof`.
    public func startReplicas(_ count: Int, extraArguments: [String] = [], searchPath: String? = nil) throws -> [LocalRedisServer] {
        guard count > 0 else { return [] }
        guard let port else {
            throw QueueError(.serverStart, "Replicas need the master on a TCP port; start it with a tcpPort.")
        }
        let replicaOf = ["--replicaof", "127.0.0.1", String(port)]
        let replicas = try (0..<count).map { _ in
            try LocalRedisServer(options: .init(tcpPort: 0, password: options.password,
                                                extraArguments: extraArguments + replicaOf + (options.password.map { ["--masterauth", $0] } ?? [])),
                                 executable: executable, searchPath: searchPath)
        }
        let deadline = Date().addingTimeInterval(60)
        while connectedReplicas() < count {
            guard Date() < deadline else {
                replicas.forEach { $0.stop() }
                throw QueueError(.serverStart, "\(count) replica(s) did not connect to the redis-server on port \(port) within 60 s. Log:\n\(logTail())")
            }
            usleep(50_000)
        }
        return replicas
    }

    /// Replicas past their initial sync (`state=online` in INFO replication), the ones a WAIT
    /// counts; 0 when the server cannot be asked.
    public func connectedReplicas() -> Int {
        let options = ConnectionOptions(connectTimeout: 0.5, commandTimeout: 2, reconnectAttempts: 0)
        guard let connection = try? RedisConnection(url: url, options: options),
              let info = try? connection.send(RedisCommand("INFO", "replication")).string else { return 0 }
        return info.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("slave") && $0.contains("state=online") }.count
    }
}

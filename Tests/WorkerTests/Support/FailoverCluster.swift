import Foundation
import Queue
import TestSupport

/// A Redis deployment as a user runs it for high availability, on loopback ports: one master, two
/// replicas and three sentinels with quorum 2. `failOver()` does what a dying host does: SIGKILL
/// the master, wait until the sentinels promote a replica, start the old server again and wait
/// until it has rejoined as a replica, so the next failover has two replicas to choose from.
final class FailoverCluster {
    /// The servers, by port; the master moves among them.
    let servers: [LocalRedisServer]
    let sentinels: [SentinelProcess]

    struct Failover {
        var oldMasterPort: Int
        var newMasterPort: Int
        /// From the SIGKILL until the sentinels named the new master.
        var promotionSeconds: Double
        /// From the SIGKILL until the old server was a connected replica again.
        var rejoinSeconds: Double
    }

    init() throws {
        // No diskless-sync delay: a returning server resynchronises at once instead of after 5 s.
        let common = ["--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"]
        let master = try LocalRedisServer(options: .init(tcpPort: 0, extraArguments: common))
        servers = [master] + (try master.startReplicas(2, extraArguments: common))
        sentinels = try (0..<3).map { _ in try SentinelProcess(masterPort: master.port!, quorum: 2, downAfterMilliseconds: 2000,
                                                              failoverTimeoutMilliseconds: 5000) }
        // A failover needs the sentinels to know each other and both replicas.
        try require(everySentinelReports(["num-other-sentinels": "2", "num-slaves": "2"]), within: 60,
                    "the sentinels did not discover each other and the replicas")
    }

    deinit { stop() }

    func stop() {
        sentinels.forEach { $0.stop() }
        servers.forEach { $0.stop() }
    }

    /// `redis+sentinel://127.0.0.1:P1,…/mymaster`.
    var url: RedisURL {
        get throws {
            try RedisURL(parsing: "redis+sentinel://" + sentinels.map { "127.0.0.1:\($0.port)" }.joined(separator: ",") + "/mymaster")
        }
    }

    /// The master's port as the sentinels report it (a majority agreeing).
    var masterPort: Int? {
        let ports = sentinels.compactMap(\.masterPort)
        return Dictionary(grouping: ports, by: { $0 }).first { $0.value.count >= 2 }?.key
    }

    /// A direct client for whichever server is master now.
    func masterQueue() throws -> TaskQueue {
        guard let port = masterPort else { throw QueueError(.connectionRefused, "No sentinel majority names a master.") }
        return try TaskQueue(url: RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port)))
    }

    func failOver() throws -> Failover {
        guard let oldPort = masterPort, let old = servers.first(where: { $0.port == oldPort }) else {
            throw QueueError(.connectionRefused, "No sentinel majority names a master.")
        }
        let killed = Date()
        old.crash()
        var newPort = oldPort
        try require({ newPort = masterPort ?? oldPort; return newPort != oldPort && Self.role(newPort) == "master" }(),
                         within: 60, "the sentinels did not promote a replica within 60 s of the master's death")
        let promotion = Date().timeIntervalSince(killed)
        // Started as it was configured; the sentinels turn it into a replica of the new master.
        try old.start()
        // Against whichever server is master by then: on a loaded machine the sentinels may fail
        // over again on their own (counted by the drill as unplanned).
        try require(Self.role(oldPort) == "slave" && servers.first { $0.port == masterPort }?.connectedReplicas() == 2, within: 90,
                         "the old master did not rejoin as a replica within 90 s")
        try require(everySentinelReports(["num-slaves": "2", "flags": "master"]), within: 60,
                    "the sentinels did not see both replicas of the new master")
        return Failover(oldMasterPort: oldPort, newMasterPort: newPort, promotionSeconds: promotion,
                        rejoinSeconds: Date().timeIntervalSince(killed))
    }

    // MARK: - Asking the servers

    private static func send(_ port: Int, _ arguments: String...) -> RedisValue? {
        let url = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port))
        let options = ConnectionOptions(connectTimeout: 0.5, commandTimeout: 2, reconnectAttempts: 0)
        return try? RedisConnection(url: url, options: options).send(RedisCommand(arguments))
    }

    static func role(_ port: Int) -> String? { send(port, "ROLE")?.array?.first?.string }

    /// Whether every sentinel's SENTINEL MASTER reply has these field values.
    private func everySentinelReports(_ expected: [String: String]) -> Bool {
        sentinels.allSatisfy { sentinel in
            let fields = (try? sentinel.send("SENTINEL", "master", "mymaster").array.map(Self.fields)) ?? nil
            return expected.allSatisfy { fields?[$0.key] == $0.value }
        }
    }

    /// SENTINEL MASTER's flat name/value list as a dictionary.
    static func fields(_ items: [RedisValue]) -> [String: String] {
        var result: [String: String] = [:]
        for index in stride(from: 0, to: items.count - 1, by: 2) {
            if let key = items[index].string { result[key] = items[index + 1].string ?? "" }
        }
        return result
    }

    private func require(_ condition: @autoclosure () -> Bool, within seconds: Double, _ message: String) throws {
        guard eventually(timeout: seconds, every: 0.2, condition) else { throw QueueError(.serverStart, message + ". " + diagnostics()) }
    }

    /// Each server's ROLE and the first sentinel's log tail, for a failure message.
    func diagnostics() -> String {
        let roles = servers.compactMap(\.port).map { port in
            let role = Self.send(port, "ROLE")?.array?.prefix(3).map { $0.string ?? "?" }.joined(separator: " ") ?? "down"
            return "\(port): \(role)"
        }
        let log = (try? String(contentsOf: sentinels[0].directory.appendingPathComponent("sentinel.log"), encoding: .utf8)) ?? ""
        return "Roles: " + roles.joined(separator: "; ") + ". Sentinel log:\n" + log.split(separator: "\n").suffix(25).joined(separator: "\n")
    }
}

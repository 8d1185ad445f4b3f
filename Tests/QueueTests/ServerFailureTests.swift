import Foundation
import Queue
import Testing
import TestSupport

@Suite struct ServerFailureTests {
    @Test func refusedConnectionSaysToStartRedisOrPassTheURL() throws {
        let error = #expect(throws: QueueError.self) {
            try TaskQueue(url: "unix:///tmp/lumos-no-such-dir/redis.sock", options: ConnectionOptions(connectTimeout: 0.5))
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("Is redis-server running?") == true)
        #expect(error?.message.contains("Redis URL") == true)
        let tcp = #expect(throws: QueueError.self) { try TaskQueue(url: "redis://127.0.0.1:1", options: ConnectionOptions(connectTimeout: 0.5)) }
        #expect(tcp?.code == .connectionRefused)
    }

    @Test func wrongPasswordAndMissingPasswordAreAuthenticationErrors() throws {
        let server = try RedisServer(options: .init(tcpPort: 0, password: "right-pw", users: [(name: "agent", password: "agent-pw")]))
        defer { server.stop() }
        let wrong = #expect(throws: QueueError.self) { try TaskQueue(url: server.tcpURL(password: "wrong-pw")!) }
        #expect(wrong?.code == .authenticationFailed)
        #expect(wrong.map { !"\($0)".contains("wrong-pw") } == true)
        var noPassword = server.tcpURL()!
        noPassword.password = nil
        let missing = #expect(throws: QueueError.self) { try TaskQueue(url: noPassword) }
        #expect(missing?.code == .authenticationFailed)
        #expect(missing?.message.contains("NOAUTH") == true)
        let badUser = #expect(throws: QueueError.self) { try TaskQueue(url: server.tcpURL(user: "agent", password: "nope")!) }
        #expect(badUser?.code == .authenticationFailed)
        // The right password, and an ACL user over TCP, both work.
        let queue = try TaskQueue(url: server.tcpURL()!)
        try queue.submit(NewTask(id: "t", payload: Data()), to: "q")
        let asUser = try TaskQueue(url: server.tcpURL(user: "agent", password: "agent-pw")!)
        #expect(try asUser.reserve(from: "q").map(\.taskId) == ["t"])
    }

    @Test func evictingServerIsRefusedWithTheFix() throws {
        let server = try RedisServer(options: .init(maxmemoryPolicy: "allkeys-lru"))
        defer { server.stop() }
        let error = #expect(throws: QueueError.self) { try TaskQueue(url: server.url) }
        #expect(error?.code == .evictionPolicy)
        #expect(error?.message.contains("maxmemory-policy noeviction") == true)
    }

    @Test func serverWithConfigDisabledGivesAWarningNotAnError() throws {
        let server = try RedisServer(options: .init(tcpPort: 0, users: [(name: "limited", password: "pw")]))
        defer { server.stop() }
        try withExtendedLifetime(server) {
            let admin = try RedisConnection(url: server.url)
            try admin.checkedSend(RedisCommand("ACL", "SETUSER", "limited", "-config"))
            let queue = try TaskQueue(url: server.tcpURL(user: "limited", password: "pw")!)
            #expect(queue.warnings.count == 1)
            #expect(queue.warnings.first?.contains("noeviction") == true)
        }
    }

    @Test func keyOfTheWrongTypeIsReportedAsWrongType() throws {
        try withRedis { _, queue in
            _ = try queue.withConnection { try $0.checkedSend(RedisCommand("SET", queue.keys.ready(.normal, in: "q"), "oops")) }
            let error = #expect(throws: QueueError.self) { try queue.submit(NewTask(id: "t", payload: Data()), to: "q") }
            #expect(error?.code == .partialSubmit)
            #expect(error?.message.contains("WRONGTYPE") == true)
            // Refused before anything was written: no task body without a list entry.
            #expect(try queue.task(id: "t", in: "q") == nil)
            #expect(error?.partial?.acceptedIds.isEmpty == true)
            _ = try queue.withConnection { try $0.checkedSend(RedisCommand("SET", queue.keys.counts("q"), "oops")) }
            let direct = #expect(throws: QueueError.self) { try queue.counts(of: "q") }
            #expect(direct?.code == .wrongType)
        }
    }

    @Test func frozenServerGivesATimeoutAndTheConnectionRecoversAfterwards() throws {
        try withRedis { server, _ in
            let queue = try TaskQueue(url: server.url, options: ConnectionOptions(commandTimeout: 0.3))
            try queue.submit(NewTask(id: "t", payload: Data()), to: "q")
            server.freeze()
            let error = #expect(throws: QueueError.self) { try queue.counts(of: "q") }
            server.thaw()
            #expect(error?.code == .connectionLost)
            #expect(error?.message.contains("did not answer") == true)
            #expect(try queue.counts(of: "q").queued == 1)
        }
    }

    @Test func redisRestartedWithAppendOnlyLosesNothing() throws {
        let server = try RedisServer(options: .init(appendOnly: true, appendFsync: "always"))
        defer { server.stop() }
        try withExtendedLifetime(server) {
            let queue = try TaskQueue(url: server.url)
            try queue.submit((0..<1000).map { NewTask(id: "t\($0)", payload: jsonPayload(#"{"n":\#($0)}"#)) }, to: "q", batchId: "b")
            let leases = try queue.reserve(from: "q", count: 10, leaseSeconds: 600)
            try queue.complete(leases[0], event: jsonPayload("{}"))
            let before = try queue.counts(of: "q")
            // A crash (SIGKILL), not a clean shutdown: append-only with fsync always keeps every write.
            server.crash()
            let down = #expect(throws: QueueError.self) { try queue.counts(of: "q") }
            #expect(down?.code == .connectionLost)
            try server.start()
            // The same TaskQueue reconnects by itself, and the script cache is reloaded on NOSCRIPT.
            #expect(try queue.counts(of: "q") == before)
            #expect(try queue.batch("b", in: "q")?.total == 1000)
            try queue.complete(leases[1])
            #expect(try queue.readEvents(from: "q").events.count == 2)
            #expect(try queue.reserve(from: "q", count: 1000).count == 990)
        }
    }
}

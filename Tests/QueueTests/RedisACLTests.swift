import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

/// The least-privilege users of `ops/redis/redis-queue.conf` run the whole task life cycle over
/// `redis://user:password@…` URLs: the submitter submits and watches, the worker reserves,
/// heartbeats, completes and fails, and neither can touch keys or commands outside the queue.
@Suite struct RedisACLTests {
    static let configPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ops/redis/redis-queue.conf").path

    /// The `user` lines of the shipped configuration, with the placeholder passwords replaced.
    static func aclRules() throws -> [String: [String]] {
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        var users: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("user ") {
            let words = line.split(separator: " ").map(String.init)
            let name = words[1]
            guard name != "default" else { continue }
            users[name] = words.dropFirst(2).map { $0.hasPrefix(">") ? ">\(name)-test-pw" : $0 }
        }
        return users
    }

    /// A server whose default user is the administrator, with the configuration's users added.
    static func serverWithConfiguredUsers() throws -> RedisServer {
        let server = try RedisServer(options: .init(tcpPort: 0, password: "admin-test-pw"))
        let admin = try RedisConnection(url: server.url)
        for (name, rules) in try aclRules() {
            try admin.checkedSend(RedisCommand(["ACL", "SETUSER", name, "reset"] + rules))
        }
        return server
    }

    static func url(_ server: RedisServer, _ user: String, _ password: String? = nil) -> String {
        "redis://\(user):\(password ?? "\(user)-test-pw")@127.0.0.1:\(server.port!)"
    }

    @Test func theConfigurationDefinesASubmitterAndAWorkerAndDisablesTheDefaultUser() throws {
        let text = try String(contentsOfFile: Self.configPath, encoding: .utf8)
        #expect(Set(try Self.aclRules().keys) == ["submitter", "worker"])
        #expect(text.contains("user default off"))
        #expect(text.contains("maxmemory-policy noeviction"))
        #expect(text.contains("appendonly yes"))
    }

    @Test func submitterAndWorkerRunTheTaskLifeCycleWithTheirOwnRights() throws {
        let server = try Self.serverWithConfiguredUsers()
        defer { server.stop() }
        try withExtendedLifetime(server) {
            let submitter = try TaskQueue(url: Self.url(server, "submitter"))
            defer { submitter.close() }
            #expect(submitter.warnings.isEmpty)
            let tasks = (1...3).map { NewTask(id: "t\($0)", payload: jsonPayload("{\"n\":\($0)}"), maxAttempts: 1) }
            let submitted = try submitter.submit(tasks, to: "q", batchId: "b1")
            #expect(submitted.acceptedIds.count == 3)

            let worker = try TaskQueue(url: Self.url(server, "worker"))
            defer { worker.close() }
            #expect(worker.warnings.isEmpty)
            try worker.registerWorker(WorkerInfo(id: "w1", hostname: "h", pid: 1, queues: ["q"], running: []))
            let leases = try worker.reserve(from: "q", count: 3, leaseSeconds: 30, waitSeconds: 0.1)
            #expect(leases.map(\.taskId).sorted() == ["t1", "t2", "t3"])
            _ = try worker.heartbeat(leases, leaseSeconds: 30)
            try worker.complete(leases[0], event: jsonPayload("{}"))
            try worker.complete(leases[1])
            _ = try worker.fail(leases[2], error: "boom", permanent: true)
            // A blocking reserve on an empty queue (BLPOP) is allowed and simply returns nothing.
            #expect(try worker.reserve(from: "q", waitSeconds: 0.2).isEmpty)
            _ = try Scheduler(queue: worker, queues: ["q"]).tick()
            try worker.deregisterWorker(id: "w1")

            let batch = try #require(try submitter.batch("b1", in: "q"))
            #expect(batch.total == 3)
            #expect(batch.states.done == 2)
            #expect(batch.states.dead == 1)
            #expect(try submitter.deadTasks(in: "q").map(\.id) == ["t3"])
            #expect(try submitter.readEvents(from: "q", blockSeconds: 0.1).events.count == 3)
            #expect(try submitter.task(id: "t1", in: "q")?.state == .done)
            _ = try submitter.liveWorkers()
        }
    }

    @Test(arguments: ["submitter", "worker"])
    func usersCannotReachOtherKeysOrAdministrativeCommands(user: String) throws {
        let server = try Self.serverWithConfiguredUsers()
        defer { server.stop() }
        try withExtendedLifetime(server) {
            let connection = try RedisConnection(url: RedisURL(parsing: Self.url(server, user)))
            for arguments in [
                ["SET", "other:key", "x"], ["GET", "session:1"], ["FLUSHALL"], ["FLUSHDB"],
                ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"], ["SHUTDOWN"],
                ["ACL", "LIST"], ["KEYS", "*"], ["SCAN", "0"], ["RANDOMKEY"],
                ["SWAPDB", "0", "1"], ["CLIENT", "KILL", "ID", "1"], ["SCRIPT", "FLUSH"], ["MONITOR"],
                ["EVAL", "return redis.call('SET', 'other:key', 'x')", "0"],
            ] {
                let reply = try connection.send(RedisCommand(arguments))
                guard case let .error(text) = reply else {
                    Issue.record("\(user) may run \(arguments.joined(separator: " "))")
                    continue
                }
                // A script touching a foreign key fails inside the script, with Redis's own wording.
                #expect(text.hasPrefix("NOPERM") || text.contains("can't access"), "\(user): \(arguments) → \(text)")
            }
        }
    }

    @Test func aWrongPasswordIsAClearAuthenticationErrorWithoutThePassword() throws {
        let server = try Self.serverWithConfiguredUsers()
        defer { server.stop() }
        withExtendedLifetime(server) {
            let error = #expect(throws: QueueError.self) { try TaskQueue(url: Self.url(server, "worker", "not-the-password")) }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.message.contains("Check the user and password") == true)
            #expect(error.map { !"\($0)".contains("not-the-password") } == true)
        }
    }
}

import Foundation
import Queue
import TestSupport
import Testing

/// Partial failures as users meet them, through the real `lumos-submit` binary and a real
/// redis-server: a submit that stops half-way says exactly what went in and how to finish it,
/// and `wait`/`status` tell a vanished batch from a slow one.
@Suite(.serialized) struct PartialFailureTests {
    /// A GSM8K file of `count` problems, each question padded to about `questionBytes`.
    func taskFile(_ count: Int, questionBytes: Int = 40, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("tasks.jsonl")
        let padding = String(repeating: "x", count: max(0, questionBytes - 30))
        var text = ""
        text.reserveCapacity(count * (questionBytes + 40))
        for index in 0..<count {
            text += "{\"question\": \"What is \(index) plus 1? \(padding)\", \"answer\": \"#### \(index + 1)\"}\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Starts `lumos-submit` against `redis`; the returned child is killed when it goes away.
    func spawnSubmit(_ arguments: [String], redis: RedisURL) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = Fleet.urlString(redis)
        return try ChildProcess(Fleet.submit, arguments, environment: environment)
    }

    /// A batch of one task in a fresh server's default queue.
    func serverWithBatch(_ batch: String) throws -> LocalRedisServer {
        let server = try LocalRedisServer()
        let queue = try TaskQueue(url: server.url)
        defer { queue.close() }
        try queue.submit(NewTask(id: "t", payload: Data("{}".utf8)), to: QueueConfiguration.defaultQueue, batchId: batch)
        return server
    }

    /// Runs the resume command a stopped submit printed, through the shell, as a user would paste it.
    func runResume(_ command: String, redis: RedisURL) throws -> Fleet.Output {
        try Fleet.run("/bin/sh", ["-c", command], redis: redis)
    }

    @Test func submitStoppedByMaxmemoryReportsTheBatchAndExactCountAndItsResumeCommandFinishesTheBatch() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalRedisServer(options: .init(extraArguments: ["--maxmemory", "5mb"]))
        defer { server.stop() }
        let queue = try TaskQueue(url: server.url)
        defer { queue.close() }
        // About 700 bytes a task in Redis: 12,000 tasks do not fit in 5 MB.
        let file = try taskFile(12_000, questionBytes: 100, in: directory)

        let stopped = try Fleet.run(Fleet.submit, ["submit", file.path, "--formulation", "onetime", "--json"], redis: server.url)
        #expect(stopped.status == 1, "\(stopped.stderr)")
        let report = json(stopped.stdout)
        let batch = try #require(report["batch_id"] as? String, "\(stopped.stdout)\n\(stopped.stderr)")
        // The batch id was printed before anything was written.
        #expect(stopped.stderr.hasPrefix("batch \(batch):"))
        let inBatch = try #require(report["in_batch"] as? Int)
        let held = try #require(try queue.batch(batch, in: QueueConfiguration.defaultQueue)).total
        #expect(inBatch == held)
        #expect(report["batch_total_in_redis"] as? Int == held)
        #expect(inBatch > 0 && inBatch < 12_000)
        #expect(stopped.stderr.contains("out of memory"))
        #expect(stopped.stderr.contains("Batch \(batch) holds \(held) of the file's 12000 task(s)"))
        let resume = try #require(report["resume_command"] as? String)
        #expect(resume.contains("--batch \(batch)"))

        try RedisConnection(url: server.url).checkedSend(RedisCommand("CONFIG", "SET", "maxmemory", "0"))
        let finished = try runResume(resume, redis: server.url)
        #expect(finished.status == 0, "\(finished.stderr)")
        let summary = json(finished.stdout)
        #expect(summary["batch_id"] as? String == batch)
        #expect(summary["in_batch"] as? Int == 12_000)
        #expect(summary["duplicates"] as? Int == held)
        #expect(try queue.batch(batch, in: QueueConfiguration.defaultQueue)?.total == 12_000)
    }

    @Test func submitStoppedBySIGINTReportsTheBatchAndExactCountAndItsResumeCommandFinishesTheBatch() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalRedisServer()
        defer { server.stop() }
        let queue = try TaskQueue(url: server.url)
        defer { queue.close() }
        let file = try taskFile(20_000, in: directory)

        let child = try spawnSubmit(["submit", file.path, "--json"], redis: server.url)
        // The batch id comes before the first write; hold Redis still there, so the signal lands
        // between chunks of a submit that has only begun.
        #expect(Fleet.waitUntil(seconds: 60) { child.stderr.contains("batch ") })
        server.freeze()
        kill(child.processIdentifier, SIGINT)
        letTimePass(0.2)  // Redis held still while the signal lands
        server.thaw()
        let stopped = child.wait(timeout: 120)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        let report = json(stopped.stdout)
        let batch = try #require(report["batch_id"] as? String, "\(stopped.stderr)")
        #expect(stopped.stderr.hasPrefix("batch \(batch):"))
        #expect(report["stopped"] as? String == "interrupted")
        let held = try #require(try queue.batch(batch, in: QueueConfiguration.defaultQueue)?.total ?? 0)
        #expect(report["in_batch"] as? Int == held)
        #expect((report["not_sent"] as? Int ?? 0) + held == 20_000)
        #expect(held < 20_000)

        let resume = try #require(report["resume_command"] as? String)
        let finished = try runResume(resume, redis: server.url)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(json(finished.stdout)["in_batch"] as? Int == 20_000)
        #expect(try queue.batch(batch, in: QueueConfiguration.defaultQueue)?.total == 20_000)
    }

    @Test func waitOnABatchLostInARestartExitsWithItsOwnCodeWithinTenSeconds() throws {
        let server = try serverWithBatch("lost")
        defer { server.stop() }
        let child = try spawnSubmit(["wait", "lost"], redis: server.url)
        letTimePass(1)  // the waiter runs a while against a live Redis first
        #expect(child.isRunning)
        try server.restart()  // no persistence: the batch is gone
        let started = Date()
        let output = child.wait(timeout: 10)
        #expect(!output.timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
        let stderr = output.stderr
        #expect(output.status == 4, "\(stderr)")
        #expect(stderr.contains("vanished"))
    }

    @Test func waitOnAnUnreachableRedisGivesUpAfterTheBoundWithoutATerminal() throws {
        let server = try serverWithBatch("b")
        defer { server.stop() }
        let child = try spawnSubmit(["wait", "b", "--unreachable-after", "2"], redis: server.url)
        letTimePass(1)  // the waiter runs a while against a live Redis first
        server.stop()
        let output = child.wait(timeout: 20)
        #expect(!output.timedOut)
        let stderr = output.stderr
        #expect(output.status == 5, "\(stderr)")
        #expect(stderr.contains("Redis is unreachable"))
        #expect(stderr.contains("stayed unreachable for 2 s"))
    }

    @Test func statusOfAMissingBatchExitsWithTheMissingBatchCode() throws {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let output = try Fleet.run(Fleet.submit, ["status", "--batch", "nosuchbatch"], redis: server.url)
        #expect(output.status == 4)
        #expect(output.stderr.contains("no batch 'nosuchbatch'"))
    }

    @Test func requeueingADeadTaskThatDoesNotExistIsAnError() throws {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let output = try Fleet.run(Fleet.submit, ["dead", "requeue", "--id", "nosuchid"], redis: server.url)
        #expect(output.status == 1)
        #expect(output.stderr.contains("no dead task 'nosuchid'"))
        #expect(output.stderr.contains("Nothing was requeued"))
    }

    @Test func submitReadsATaskFileFromStandardInput() throws {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-stdin-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try "{\"question\": \"What is 1 plus 1?\", \"answer\": \"#### 2\"}\n{\"question\": \"What is 2 plus 2?\", \"answer\": \"#### 4\"}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        // Through a shell pipe, as a user would feed it.
        let output = try Fleet.run("/bin/sh", ["-c", "cat '\(file.path)' | '\(Fleet.submit)' submit /dev/stdin --json"], redis: server.url)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(json(output.stdout)["submitted"] as? Int == 2)
    }

    @Test func redisErrorsGiveTheAdviceForThatErrorOnlyAndNoTypeNames() throws {
        let server = try LocalRedisServer(options: .init(tcpPort: 0, password: "right"))
        defer { server.stop() }
        let port = try #require(server.port)
        let output = try Fleet.run(Fleet.submit, ["status", "--redis", "redis://:wrong@127.0.0.1:\(port)"], redis: nil)
        #expect(output.status != 0)
        #expect(output.stderr.contains("refused the password"))
        #expect(!output.stderr.contains("Start Redis"))
        #expect(!output.stderr.contains("QueueError"))
        let malformed = try Fleet.run(Fleet.submit, ["status", "--redis", "redis://host:notaport"], redis: nil)
        #expect(malformed.status != 0)
        #expect(!malformed.stderr.contains("QueueError"))
    }
}

import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing
import Worker

/// The fleet as users run it: the real `lumos-submit` and `lumos-worker` binaries, a real
/// redis-server and the real bundled Gemma model (short answers via --max-new-tokens).
@Suite(.serialized) struct FleetEndToEndTests {
    static let workerFlags = ["--max-new-tokens", "16", "--threads", "2", "--profile", "fewshot", "--concurrency", "1"]

    func submit(_ file: URL, redis: RedisURL, extra: [String] = []) throws -> String {
        let output = try Fleet.run(Fleet.submit, ["submit", file.path, "--formulation", "onetime", "--json"] + extra, redis: redis)
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return try #require(object?["batch_id"] as? String)
    }

    @Test func batchRunsOnTheRealModelAndCollectsEveryTrajectoryOnce() throws {
        _ = try TestData.gemmaModel()
        let scene = try Scene()
        let (directory, server) = (scene.directory, scene.server)
        let file = try Fleet.gsm8kFile(count: 2, in: directory)
        let batch = try submit(file, redis: server.url)
        // Submitting the same file again adds nothing.
        let again = try Fleet.run(Fleet.submit, ["submit", file.path, "--formulation", "onetime", "--json"], redis: server.url)
        #expect(again.stdout.contains("\"duplicates\":2") && again.stdout.contains("\"submitted\":0"))

        let db = directory.appendingPathComponent("worker.db")
        let worker = try scene.spawn(Fleet.worker, ["run", "--db", db.path, "--exit-when-idle", "--idle-seconds", "1"] + Self.workerFlags,
                                     log: "worker.log")
        let wait = try Fleet.run(Fleet.submit, ["wait", batch, "--timeout", "240"], redis: server.url)
        #expect(wait.status == 0, "\(wait.stderr)")
        #expect(Fleet.waitForExit(worker, seconds: 30))
        #expect(worker.terminationStatus == 0)
        let log = try String(contentsOf: directory.appendingPathComponent("worker.log"), encoding: .utf8)
        #expect(log.contains("task=gsm8k-") && log.contains("attempt=1"))

        let store = try TrajectoryStore.open(path: db.path, readOnly: true)
        let stored = try store.allTrajectories()
        store.close()
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.trajectory.planModel.backend == .engine && !$0.trajectory.modelCalls.isEmpty })

        let central = directory.appendingPathComponent("central.db").path
        let first = try Fleet.run(Fleet.submit, ["collect", "--into", central, "--json"], redis: server.url)
        let second = try Fleet.run(Fleet.submit, ["collect", "--into", central, "--json"], redis: server.url)
        #expect(first.stdout.contains("\"added\":2"), "\(first.stdout)\(first.stderr)")
        #expect(second.stdout.contains("\"added\":0") && second.stdout.contains("\"skipped\":2"), "\(second.stdout)")
        let collected = try TrajectoryStore.open(path: central, readOnly: true)
        defer { collected.close() }
        #expect(try collected.counts().tasks == 2 && collected.counts().attempts == 2)
    }

    @Test func batchCompletesAfterAWorkerIsKilledMidTask() throws {
        _ = try TestData.gemmaModel()
        let scene = try Scene()
        let (directory, server, queue) = (scene.directory, scene.server, scene.queue)
        let batch = try submit(try Fleet.gsm8kFile(count: 2, in: directory), redis: server.url)

        let victimDB = directory.appendingPathComponent("victim.db").path
        let victim = try scene.spawn(Fleet.worker, ["run", "--db", victimDB, "--lease", "2", "--worker-id", "victim"] + Self.workerFlags,
                                     log: "victim.log")
        #expect(try Fleet.waitUntil(seconds: 60) { try queue.counts(of: QueueConfiguration.defaultQueue).running == 1 })
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()

        let survivorDB = directory.appendingPathComponent("survivor.db").path
        let survivor = try scene.spawn(Fleet.worker, ["run", "--db", survivorDB, "--lease", "5", "--exit-when-idle", "--idle-seconds", "1"] + Self.workerFlags,
                                     log: "survivor.log")
        let wait = try Fleet.run(Fleet.submit, ["wait", batch, "--timeout", "300"], redis: server.url)
        #expect(wait.status == 0, "\(wait.stderr)")
        #expect(Fleet.waitForExit(survivor, seconds: 30))
        let counts = try #require(try queue.batch(batch, in: QueueConfiguration.defaultQueue))
        #expect(counts.done == 2 && counts.total == 2)

        let merged = directory.appendingPathComponent("merged.db").path
        let inputs = [victimDB, survivorDB].filter { FileManager.default.fileExists(atPath: $0) }
        let aggregate = try Fleet.run(Fleet.submit, ["aggregate", "--into", merged] + inputs, redis: nil)
        #expect(aggregate.status == 0, "\(aggregate.stderr)")
        let store = try TrajectoryStore.open(path: merged, readOnly: true)
        defer { store.close() }
        let chosen = try store.chosenTrajectories()
        #expect(chosen.count == 2)
        #expect(Set(chosen.map(\.trajectory.task.id)).count == 2)
        // The killed attempt was taken over: the task that was running ran again as attempt 2.
        #expect(chosen.contains { $0.trajectory.attempt == 2 })
    }

    @Test func sigtermReleasesRunningTasksWithoutCountingTheAttempt() throws {
        _ = try TestData.gemmaModel()
        let scene = try Scene()
        let (directory, server, queue) = (scene.directory, scene.server, scene.queue)
        _ = try submit(try Fleet.gsm8kFile(count: 1, in: directory), redis: server.url)
        let worker = try scene.spawn(Fleet.worker, ["run", "--db", directory.appendingPathComponent("w.db").path, "--grace", "0",
                                                    "--threads", "1", "--profile", "fewshot", "--concurrency", "1"], log: "w.log")
        #expect(try Fleet.waitUntil(seconds: 60) { try queue.counts(of: QueueConfiguration.defaultQueue).running == 1 })
        // While it runs, status names the worker and the task it is running.
        #expect(try Fleet.waitUntil(seconds: 30) { try queue.liveWorkers().first?.running.count == 1 })
        let status = try Fleet.run(Fleet.submit, ["status", "--json"], redis: server.url)
        let taskId = try #require(try queue.liveWorkers().first?.running.first)
        #expect(status.status == 0 && status.stdout.contains(taskId) && status.stdout.contains("\"running\":1"), "\(status.stdout)")
        kill(worker.processIdentifier, SIGTERM)
        #expect(Fleet.waitForExit(worker, seconds: 60))
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        let counts = try queue.counts(of: QueueConfiguration.defaultQueue)
        #expect(counts.queued == 1 && counts.running == 0)
        #expect(try queue.readEvents(from: QueueConfiguration.defaultQueue).events.isEmpty)
        let log = try String(contentsOf: directory.appendingPathComponent("w.log"), encoding: .utf8)
        #expect(log.contains("releasing the task"))
        #expect(try queue.liveWorkers().isEmpty)
    }

    @Test func demoRunsTheWholeJobOnAPrivateRedisAndStopsIt() throws {
        _ = try TestData.gemmaModel()
        let scene = try Scene()
        let out = scene.path("demo")
        let output = try Fleet.run(Fleet.submit, ["demo", "--tasks", "2", "--workers", "1", "--threads", "2", "--max-new-tokens", "8", "--out", out],
                                   redis: nil)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        // By default the demo runs the first problems of the repository's GSM8K test file.
        for expected in ["started a private redis-server", "datasets/gsm8k_test.jsonl", "Batch finished: 2 done", "gsm8k · onetime",
                         "Mined annotations", "results (aggregated)"] {
            #expect(output.stdout.contains(expected), "missing '\(expected)' in \(output.stdout)")
        }
        let store = try TrajectoryStore.open(path: out + "/results.db", readOnly: true)
        defer { store.close() }
        #expect(try store.counts().tasks == 2)
        // The private server is gone: its socket was removed when it stopped.
        let line = try #require(output.stdout.split(separator: "\n").first { $0.contains("private redis-server at ") })
        let socket = String(line.split(separator: " ").last ?? "")
        #expect(!socket.isEmpty && !FileManager.default.fileExists(atPath: socket))
    }

    /// The demo refuses an unreadable --gsm8k, and --sample beside --gsm8k, with a sentence naming the flag.
    @Test func demoRefusesAnUnreadableGSM8KFileAndSampleBesideIt() throws {
        let scene = try Scene()
        let missing = scene.path("no-such.jsonl")
        let unreadable = try Fleet.run(Fleet.submit, ["demo", "--gsm8k", missing, "--out", scene.path("demo")], redis: scene.url)
        #expect(unreadable.status != 0 && unreadable.stderr.contains("--gsm8k \(missing) cannot be read"), "\(unreadable.stderr)")
        let both = try Fleet.run(Fleet.submit, ["demo", "--sample", "--gsm8k", missing], redis: scene.url)
        #expect(both.status != 0 && both.stderr.contains("--sample and --gsm8k"), "\(both.stderr)")
    }

    @Test func secondSignalExitsAtOnceLeavingTheLeaseToExpire() throws {
        _ = try TestData.gemmaModel()
        let scene = try Scene()
        _ = try submit(try Fleet.gsm8kFile(count: 1, in: scene.directory), redis: scene.url)
        let worker = try scene.spawn(Fleet.worker, ["run", "--db", scene.path("w.db"), "--grace", "600", "--threads", "1", "--concurrency", "1"], log: "w.log")
        #expect(try Fleet.waitUntil(seconds: 60) { try scene.queue.counts(of: QueueConfiguration.defaultQueue).running == 1 })
        kill(worker.processIdentifier, SIGTERM)
        #expect(try Fleet.waitUntil(seconds: 10) {
            (try String(contentsOfFile: scene.path("w.log"), encoding: .utf8)).contains("shutting down")
        })
        kill(worker.processIdentifier, SIGINT)
        #expect(Fleet.waitForExit(worker, seconds: 30))
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 130)
        // Nothing was released: the task stays running until its lease expires.
        #expect(try scene.queue.counts(of: QueueConfiguration.defaultQueue).running == 1)
    }

    @Test func workerLogsNeverShowTheRedisPassword() throws {
        _ = try TestData.gemmaModel()
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalRedisServer(options: .init(tcpPort: 0, password: "s3cret-pw"))
        defer { server.stop() }
        let log = directory.appendingPathComponent("w.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fleet.worker)
        process.arguments = ["run", "--db", directory.appendingPathComponent("w.db").path, "--exit-when-idle", "--idle-seconds", "0.5"]
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = "redis://:s3cret-pw@127.0.0.1:\(server.port ?? 0)"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        #expect(Fleet.waitForExit(process, seconds: 60) && process.terminationStatus == 0)
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("worker started") && text.contains(":***@"), "\(text)")
        #expect(!text.contains("s3cret-pw"))
    }

    @Test func malformedTaskFileIsRefusedWithLineNumbersAndNothingIsSubmitted() throws {
        let scene = try Scene()
        let (directory, server) = (scene.directory, scene.server)
        let file = directory.appendingPathComponent("bad.jsonl")
        try """
            {"question": "What is 1 + 1?", "answer": "#### 2"}
            {"question": "broken
            {"question": "What is 2 + 2?", "answer": "#### 4"}

            """.write(to: file, atomically: true, encoding: .utf8)
        let refused = try Fleet.run(Fleet.submit, ["submit", file.path, "--dataset", "gsm8k"], redis: server.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("line 2") && refused.stderr.contains("--skip-bad"), "\(refused.stderr)")
        let queue = try TaskQueue(url: server.url)
        defer { queue.close() }
        #expect(try queue.counts(of: QueueConfiguration.defaultQueue).queued == 0)

        let skipped = try Fleet.run(Fleet.submit, ["submit", file.path, "--dataset", "gsm8k", "--skip-bad", "--json"], redis: server.url)
        #expect(skipped.status == 0 && skipped.stdout.contains("\"skipped_bad\":1") && skipped.stdout.contains("\"submitted\":2"))
    }

    @Test func waitTimesOutWithExitCode3WhenNoWorkerRuns() throws {
        let scene = try Scene()
        let batch = try submit(try Fleet.gsm8kFile(count: 1, in: scene.directory), redis: scene.url)
        let output = try Fleet.run(Fleet.submit, ["wait", batch, "--timeout", "1"], redis: scene.url)
        #expect(output.status == 3, "\(output.stderr)")
        #expect(output.stderr.contains("Timed out"))
    }

    @Test func statusAgainstADeadRedisFailsPromptlyWithAClearError() throws {
        let server = try LocalRedisServer()
        let url = server.url
        server.stop()
        let started = Date()
        let output = try Fleet.run(Fleet.submit, ["status"], redis: url)
        #expect(output.status != 0)
        #expect(output.stderr.contains("Could not connect to Redis at"), "\(output.stderr)")
        #expect(output.stderr.contains("Is redis-server running?"))
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func statusWithAllQueuesListsEveryQueueWithItsCounts() throws {
        let scene = try Scene()
        _ = try submit(try Fleet.gsm8kFile(count: 2, in: scene.directory), redis: scene.url, extra: ["--queue", "maths"])
        _ = try submit(try Fleet.gsm8kFile(count: 3, in: scene.directory), redis: scene.url, extra: ["--queue", "qa"])
        let json = try Fleet.run(Fleet.submit, ["status", "--all-queues", "--json"], redis: scene.url)
        #expect(json.status == 0, "\(json.stderr)")
        let queues = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let queued = Dictionary(uniqueKeysWithValues: queues.compactMap { q -> (String, Int)? in
            guard let name = q["queue"] as? String, let counts = q["counts"] as? [String: Any], let n = counts["queued"] as? Int else { return nil }
            return (name, n)
        })
        #expect(queued == ["maths": 2, "qa": 3])
        let text = try Fleet.run(Fleet.submit, ["status", "--all-queues"], redis: scene.url)
        #expect(text.stdout.contains("queue 'maths': queued 2") && text.stdout.contains("queue 'qa': queued 3"), "\(text.stdout)")
        let refused = try Fleet.run(Fleet.submit, ["status", "--all-queues", "--batch", "x"], redis: scene.url)
        #expect(refused.status != 0 && refused.stderr.contains("--batch"))
    }

    @Test func waitOnAnUnknownBatchSaysSo() throws {
        let server = try LocalRedisServer()
        defer { server.stop() }
        let output = try Fleet.run(Fleet.submit, ["wait", "nope", "--timeout", "1"], redis: server.url)
        #expect(output.status != 0 && output.stderr.contains("no batch 'nope'"))
    }
}

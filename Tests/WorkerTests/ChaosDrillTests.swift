import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing

/// The chaos drill (issue 6): real `lumos-worker` processes on the real engine and tools against a
/// real redis-server with AOF on; workers are SIGKILLed and restarted, Redis is restarted once and
/// frozen once. Afterwards every task is terminal, none is lost, aggregation keeps exactly one
/// result per task, and the batch counts equal the SQLite counts.
///
/// Every test run does the reduced form (8 tasks, 2 workers, one kill, one Redis restart, a short
/// freeze; about half a minute); `ops/chaos` runs the full one (500 tasks, 4 workers) through this code (sizes from `LUMOS_CHAOS_TASKS`, `LUMOS_CHAOS_WORKERS`, `LUMOS_CHAOS_KILL_EVERY`,
/// `LUMOS_CHAOS_FREEZE`).
@Suite(.serialized) struct ChaosDrillTests {
    struct Settings {
        var tasks = Fleet.setting("LUMOS_CHAOS_TASKS", 8)
        var workers = Fleet.setting("LUMOS_CHAOS_WORKERS", 2)
        /// Seconds between worker kills; the reduced form kills once.
        var killEvery = Fleet.setting("LUMOS_CHAOS_KILL_EVERY", 0.0)
        var freezeSeconds = Fleet.setting("LUMOS_CHAOS_FREEZE", 2.0)
        var timeoutSeconds = Fleet.setting("LUMOS_CHAOS_TIMEOUT", 1500.0)
    }

    /// The bundled Gemma with few new tokens: the tiny golden LLaMA's context cannot hold the agent's
    /// few-shot prompts (every attempt ends in model_error), so it cannot stand in for the real model here.
    @Test func workersAndRedisFailingLoseNoTaskAndDuplicateNoResult() throws {
        _ = try TestData.gemmaModel()
        let settings = Settings()
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalRedisServer(options: .init(appendOnly: true, appendFsync: "everysec"))
        defer { server.stop() }
        let queueName = QueueConfiguration.defaultQueue
        let queue = try TaskQueue(url: server.url)
        defer { queue.close() }

        let file = try Fleet.gsm8kFile(count: settings.tasks, in: directory)
        let submitted = try Fleet.run(Fleet.submit, ["submit", file.path, "--formulation", "onetime", "--max-attempts", "20", "--json"], redis: server.url)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(submitted.stdout.utf8)) as? [String: Any]
        let batch = try #require(object?["batch_id"] as? String)

        let flags = ["--profile", "fewshot", "--max-new-tokens", "8", "--threads", "1", "--lease", "3", "--concurrency", "1"]
        func database(_ i: Int) -> String { directory.appendingPathComponent("worker-\(i).db").path }
        var starts = 0
        func start(_ i: Int) throws -> Process {
            starts += 1
            return try Fleet.spawn(Fleet.worker, ["run", "--db", database(i), "--worker-id", "w\(i)"] + flags, redis: server.url,
                                   log: directory.appendingPathComponent("worker-\(i)-\(starts).log"))
        }
        var workers = try (0..<settings.workers).map(start)
        // Whatever happens below (a throw, a failed requirement), no worker outlives the drill.
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL); worker.waitUntilExit() } }

        func progress() -> (finished: Int, total: Int)? {
            guard let counts = try? queue.batch(batch, in: queueName) else { return nil }
            return (counts.total - counts.states.unfinished, counts.total)
        }
        var kills = 0, restartedRedis = false, froze = false
        var lastKill = Date()
        let deadline = Date().addingTimeInterval(settings.timeoutSeconds)
        while Date() < deadline {
            letTimePass(0.5)  // the drill's pace
            guard let (finished, total) = progress() else { continue }
            if finished == total { break }
            let fraction = Double(finished) / Double(max(1, total))
            let killDue = settings.killEvery > 0 ? Date().timeIntervalSince(lastKill) >= settings.killEvery : kills == 0 && fraction >= 0.15
            if killDue {
                let victim = Int.random(in: 0..<workers.count)
                kill(workers[victim].processIdentifier, SIGKILL)
                workers[victim].waitUntilExit()
                workers[victim] = try start(victim)
                kills += 1
                lastKill = Date()
            }
            if !restartedRedis, fraction >= 0.35 {
                try server.restart()
                restartedRedis = true
            }
            if !froze, fraction >= 0.6 {
                server.freeze()
                letTimePass(settings.freezeSeconds)
                server.thaw()
                froze = true
            }
        }
        for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGTERM) }
        for worker in workers { _ = Fleet.waitForExit(worker, seconds: 60) }

        let counts = try #require(try queue.batch(batch, in: queueName))
        let terminal = counts.states.done + counts.states.dead + counts.states.cancelled
        let lost = settings.tasks - terminal

        let merged = directory.appendingPathComponent("merged.db").path
        let inputs = (0..<settings.workers).map(database).filter { FileManager.default.fileExists(atPath: $0) }
        let aggregate = try Fleet.run(Fleet.submit, ["aggregate", "--into", merged] + inputs, redis: nil)
        #expect(aggregate.status == 0, "\(aggregate.stderr)")
        let store = try TrajectoryStore.open(path: merged, readOnly: true)
        defer { store.close() }
        let chosen = try store.chosenTrajectories().map(\.trajectory.task.id)
        let duplicates = chosen.count - Set(chosen).count
        let sqliteTasks = try store.counts().tasks

        print("chaos: workers=\(settings.workers) kills=\(kills) redis_restarts=\(restartedRedis ? 1 : 0) freezes=\(froze ? 1 : 0) batch_total=\(counts.total) done=\(counts.states.done) dead=\(counts.states.dead) sqlite_tasks=\(sqliteTasks) sqlite_results=\(chosen.count)")
        print("tasks=\(settings.tasks) terminal=\(terminal) lost=\(lost) duplicates=\(duplicates)")
        #expect(kills >= 1 && restartedRedis && froze, "the drill finished before every failure was injected")
        #expect(counts.total == settings.tasks)
        #expect(lost == 0)
        #expect(duplicates == 0)
        // Every task that finished (done or dead after its attempts) has exactly one result in SQLite.
        #expect(sqliteTasks == terminal && chosen.count == terminal)
    }
}

import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing

/// The failover drill (issue 14): a master, two replicas and three sentinels (real `redis-server`
/// and `redis-sentinel` on loopback ports), real `lumos-worker` processes on the real
/// engine reaching Redis through a `redis+sentinel://` URL, and a submitter adding tasks with
/// `lumos-submit submit` while the drill SIGKILLs the master, waits for the promotion, brings the
/// old master back as a replica, and repeats. Afterwards, against the submitter's own log of
/// acknowledged ids: every acknowledged task is on the final master and final, and aggregation
/// gives one result per task.
///
/// Every test run does the reduced form (8 tasks, 2 workers, one failover); `ops/failover` runs
/// the full one (200 tasks, 3 workers, 3 failovers) through this code, sized by
/// `LUMOS_FAILOVER_TASKS`, `LUMOS_FAILOVER_WORKERS`, `LUMOS_FAILOVER_FAILOVERS`,
/// `LUMOS_FAILOVER_ACKS` (replicas acknowledging each write, default 1; 0 is the run without them)
/// and `LUMOS_FAILOVER_TIMEOUT`.
@Suite(.serialized) struct FailoverDrillTests {
    struct Settings {
        var tasks = Fleet.setting("LUMOS_FAILOVER_TASKS", 8)
        var workers = Fleet.setting("LUMOS_FAILOVER_WORKERS", 2)
        var failovers = Fleet.setting("LUMOS_FAILOVER_FAILOVERS", 1)
        /// One of the two replicas: the sentinels promote the replica with the largest replication
        /// offset, which holds every write the other one acknowledged; and one replica is left to
        /// acknowledge while the old master is away (WAIT 2 stalls writes until it is back).
        var acks = Fleet.setting("LUMOS_FAILOVER_ACKS", 1)
        var timeoutSeconds = Fleet.setting("LUMOS_FAILOVER_TIMEOUT", 1200.0)
    }

    @Test func failoversLoseNoAcknowledgedTaskAndDuplicateNoResult() throws {
        _ = try TestData.gemmaModel()
        let settings = Settings()
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try FailoverCluster()
        defer { cluster.stop() }
        let url = try cluster.url
        let queueName = QueueConfiguration.defaultQueue
        let ackFlags = settings.acks > 0 ? ["--min-replicas-acks", String(settings.acks), "--ack-timeout", "1000"] : []

        // The submitter: the first chunk makes the batch, the rest arrive while the drill runs.
        let chunks = try DrillSubmitter.chunks(tasks: settings.tasks, in: directory)
        let first = try Fleet.run(Fleet.submit, ["submit", chunks[0].file.path, "--formulation", "onetime", "--json"] + ackFlags, redis: url)
        #expect(first.status == 0, "\(first.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        let batch = try #require(object?["batch_id"] as? String)
        let submitter = DrillSubmitter(chunks: Array(chunks.dropFirst()), batch: batch, flags: ackFlags, redis: url, log: directory.appendingPathComponent("acked.log"))
        submitter.acknowledge(chunks[0].ids)
        submitter.start()
        defer { submitter.stopAndWait() }

        let flags = ["--profile", "fewshot", "--max-new-tokens", "8", "--threads", "1", "--lease", "10", "--concurrency", "1"] + ackFlags
        func database(_ i: Int) -> String { directory.appendingPathComponent("worker-\(i).db").path }
        let workers = try (0..<settings.workers).map { i in
            try Fleet.spawn(Fleet.worker, ["run", "--db", database(i), "--worker-id", "w\(i)"] + flags, redis: url,
                            log: directory.appendingPathComponent("worker-\(i).log"))
        }
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL); worker.waitUntilExit() } }

        let monitor = try TaskQueue(url: url, options: ConnectionOptions(connectTimeout: 0.5, commandTimeout: 2, reconnectAttempts: 0))
        defer { monitor.close() }
        var failovers: [FailoverCluster.Failover] = []
        var unplanned = 0
        var finished = 0
        let deadline = Date().addingTimeInterval(settings.timeoutSeconds)
        while Date() < deadline {
            letTimePass(0.25)  // the drill's pace
            // Nothing can finish any more: say so now instead of at the deadline.
            if workers.allSatisfy({ !$0.isRunning }) {
                Issue.record("every worker exited; see worker-*.log in \(directory.path)")
                break
            }
            if let counts = try? monitor.batch(batch, in: queueName) { finished = counts.total - counts.states.unfinished }
            // Failover k comes once k / (F + 1) of the tasks are finished; the first one already
            // when half the tasks are submitted, so that it meets the submitter at work.
            let k = failovers.count + 1
            if k <= settings.failovers,
               finished * (settings.failovers + 1) >= settings.tasks * k || (k == 1 && submitter.acknowledgedCount * 2 >= settings.tasks) {
                if let last = failovers.last, cluster.masterPort != last.newMasterPort { unplanned += 1 }
                failovers.append(try cluster.failOver())
            }
            if failovers.count >= settings.failovers, submitter.isDone, try Self.allSettled(submitter.acknowledged, on: cluster, queue: queueName) {
                break
            }
        }
        for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGTERM) }
        for worker in workers { _ = Fleet.waitForExit(worker, seconds: 60) }

        let acked = submitter.acknowledged
        let master = try cluster.masterQueue()
        defer { master.close() }
        let states = try acked.map { try master.task(id: $0, in: queueName)?.state }
        let present = states.compactMap { $0 }.count
        let terminal = states.filter { $0?.isFinal == true }.count

        let merged = directory.appendingPathComponent("merged.db").path
        let inputs = (0..<settings.workers).map(database).filter { FileManager.default.fileExists(atPath: $0) }
        let aggregate = try Fleet.run(Fleet.submit, ["aggregate", "--into", merged] + inputs, redis: nil)
        #expect(aggregate.status == 0, "\(aggregate.stderr)")
        let store = try TrajectoryStore.open(path: merged, readOnly: true)
        defer { store.close() }
        let trajectories = try store.chosenTrajectories().map(\.trajectory)
        let chosen = trajectories.map(\.task.id)
        // The longest stretch in which no task finished, from the results' own clocks.
        let finishTimes = trajectories.map { $0.startedAt.addingTimeInterval($0.milliseconds / 1000) }.sorted()
        let longestGap = zip(finishTimes, finishTimes.dropFirst()).map { $1.timeIntervalSince($0) }.max() ?? 0
        let duplicates = chosen.count - Set(chosen).count
        let withoutResult = zip(acked, states).filter { $0.1?.isFinal == true && !Set(chosen).contains($0.0) }.count

        for (index, failover) in failovers.enumerated() {
            print(String(format: "failover %d: master %d → %d, promoted after %.1f s, old master a replica again after %.1f s",
                         index + 1, failover.oldMasterPort, failover.newMasterPort, failover.promotionSeconds, failover.rejoinSeconds))
        }
        print(String(format: "drill: tasks=%d workers=%d replicated_acks=%d unplanned_failovers=%d submit_retries=%d results=%d without_result=%d longest_without_completion=%.1fs",
                     settings.tasks, settings.workers, settings.acks, unplanned, submitter.retries, chosen.count, withoutResult, longestGap))
        print("acked=\(acked.count) present=\(present) terminal=\(terminal) lost=\(acked.count - present) duplicates=\(duplicates) failovers=\(failovers.count)")
        #expect(failovers.count == settings.failovers, "the drill finished before every failover was done")
        #expect(acked.count == settings.tasks, "the submitter did not get every chunk acknowledged")
        #expect(duplicates == 0)
        #expect(terminal == present, "every task on the master reaches a final state")
        #expect(withoutResult == 0, "every finished task has its result in SQLite")
        if settings.acks > 0 { #expect(present == acked.count, "an acknowledged task is missing from the new master") }
    }

    /// True when every acknowledged task on the current master is final (a task the master does
    /// not have cannot become final: that is the loss the drill reports).
    static func allSettled(_ ids: [String], on cluster: FailoverCluster, queue: String) throws -> Bool {
        guard let master = try? cluster.masterQueue() else { return false }
        defer { master.close() }
        for id in ids {
            guard let envelope = try? master.task(id: id, in: queue) else { continue }
            if !envelope.state.isFinal { return false }
        }
        return true
    }
}

import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing
import Worker

/// Timeouts, cancellation and Redis outages on the worker's task cycle (in-process, with a model
/// that blocks until released or cancelled).
@Suite(.serialized) struct WorkerResilienceTests {
    let queueName = QueueConfiguration.defaultQueue

    func submitOne(_ queue: TaskQueue, maxAttempts: Int = 3) throws {
        let task = AgentTask(id: "t1", dataset: .gsm8k, domain: .maths, formulation: .onetime, question: "Janet has 16 eggs…", answer: "#### 18")
        try queue.submit(NewTask(id: "t1", payload: TaskPayload.encode(task), maxAttempts: maxAttempts), to: queueName)
    }

    func agent(_ planner: BlockingModel) -> AgentConfiguration {
        AgentConfiguration(planner: planner, grounder: ScriptedModel(["R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2); Output = (R2)"]))
    }

    @Test func taskTimeoutRecordsTheTrajectoryAndFailsTheAttempt() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try withRedis(configuration: testQueueConfiguration()) { server, queue in
            try submitOne(queue, maxAttempts: 1)
            let worker = InProcessWorker(url: server.url, directory: directory, agent: agent(BlockingModel(answer: "Subgoal 1: x.")),
                                         queueConfiguration: testQueueConfiguration()) { $0.taskTimeoutSeconds = 0.5 }
            #expect(try worker.runToIdle() == .idle)
            let envelope = try #require(try queue.task(id: "t1", in: queueName))
            #expect(envelope.state == .dead && envelope.lastError?.hasPrefix("timeout") == true)
            let store = try TrajectoryStore.open(path: worker.databasePath, readOnly: true)
            defer { store.close() }
            #expect(try store.trajectory(taskID: "t1", attempt: 1)?.termination == .timeout)
        }
    }

    @Test func cancellingARunningTaskStopsItsAgentAtTheNextHeartbeat() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try withRedis(configuration: testQueueConfiguration()) { server, queue in
            try submitOne(queue)
            let model = BlockingModel(answer: "Subgoal 1: x.")
            let metrics = WorkerMetrics()
            let worker = InProcessWorker(url: server.url, directory: directory, agent: agent(model),
                                         queueConfiguration: testQueueConfiguration(), metrics: metrics)
            worker.start()
            #expect(Fleet.waitUntil(seconds: 30) { model.callCount == 1 })
            #expect(try queue.cancel(taskId: "t1", in: queueName) == .cancelledRunning)
            #expect(try worker.wait() == .idle)
            #expect(metrics.count(queue: queueName, outcome: .cancelled) == 1)
            #expect(try queue.task(id: "t1", in: queueName)?.state == .cancelled)
            let store = try TrajectoryStore.open(path: worker.databasePath, readOnly: true)
            defer { store.close() }
            #expect(try store.counts().attempts == 0)
        }
    }

    @Test func redisRestartMidTaskNeitherKillsTheWorkerNorLosesTheTask() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let options = LocalRedisServer.Options(appendOnly: true, appendFsync: "always")
        try withRedis(options, configuration: testQueueConfiguration()) { server, queue in
            try submitOne(queue)
            let model = BlockingModel(answer: "Subgoal 1: Eggs left.; Subgoal 2: Money.")
            let metrics = WorkerMetrics()
            let worker = InProcessWorker(url: server.url, directory: directory, agent: agent(model),
                                         queueConfiguration: testQueueConfiguration(), metrics: metrics) { $0.leaseSeconds = 10 }
            worker.start()
            #expect(Fleet.waitUntil(seconds: 30) { model.callCount == 1 })
            server.stop()
            letTimePass(1.5)  // Redis stays down a while
            try server.start()
            model.release()
            #expect(try worker.wait() == .idle)
            // The test's own connection died with the old server: ask on a new one.
            let fresh = try TaskQueue(url: server.url)
            defer { fresh.close() }
            let envelope = try #require(try fresh.task(id: "t1", in: queueName))
            #expect(envelope.state == .done && envelope.attempt == 1)
            #expect(metrics.count(queue: queueName, outcome: .completed) == 1)
            let store = try TrajectoryStore.open(path: worker.databasePath, readOnly: true)
            defer { store.close() }
            #expect(try store.trajectory(taskID: "t1", attempt: 1)?.correct == true)
            #expect(metrics.render().contains("lumos_worker_redis_reconnects_total"))
        }
    }
}

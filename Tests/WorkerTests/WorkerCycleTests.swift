import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing
import Worker

/// The worker's task cycle in-process, with scripted models (unit tests of the cycle only; the
/// end-to-end tests use the real model and binaries).
@Suite(.serialized) struct WorkerCycleTests {
    static let plan = ["Subgoal 1: Eggs left.; Subgoal 2: Money."]
    static let ground = ["R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2); Output = (R2)"]

    func task(id: String = "t1", answer: String = "#### 18") -> AgentTask {
        AgentTask(id: id, dataset: .gsm8k, domain: .maths, formulation: .onetime, question: "Janet has 16 eggs…", answer: answer)
    }

    /// Runs a worker until the queue is idle; returns the worker's database path.
    @discardableResult
    func runWorker(_ server: LocalRedisServer, directory: URL, agent: AgentConfiguration,
                   queueConfiguration: QueueConfiguration = testQueueConfiguration(), metrics: WorkerMetrics = WorkerMetrics()) throws -> String {
        let worker = InProcessWorker(url: server.url, directory: directory, agent: agent, queueConfiguration: queueConfiguration, metrics: metrics)
        #expect(try worker.runToIdle() == .idle)
        return worker.databasePath
    }

    func scripted(plan: [String] = plan, ground: [String] = ground, failure: String? = nil) -> AgentConfiguration {
        AgentConfiguration(planner: ScriptedModel(plan, failure: failure), grounder: ScriptedModel(ground, failure: failure))
    }

    @Test func completedTaskIsStoredBeforeTheAckAndPublishedWithItsTrajectory() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try withRedis { server, queue in
            let submitted = try queue.submit(NewTask(id: "t1", payload: TaskPayload.encode(task())), to: QueueConfiguration.defaultQueue)
            let metrics = WorkerMetrics()
            let db = try runWorker(server, directory: directory, agent: scripted(), metrics: metrics)
            #expect(try queue.counts(of: QueueConfiguration.defaultQueue).done == 1)
            let store = try TrajectoryStore.open(path: db, readOnly: true)
            defer { store.close() }
            let stored = try #require(try store.trajectory(taskID: "t1", attempt: 1))
            #expect(stored.correct && stored.finalAnswer == "18")
            let events = try queue.readEvents(from: QueueConfiguration.defaultQueue).events
            #expect(events.count == 1 && events[0].kind == .done)
            let event = try ResultEvent.decode(try #require(events[0].payload))
            #expect(event.taskId == "t1" && event.attempt == 1 && event.batchId == submitted.batchId)
            #expect(event.correct && event.termination == "answered" && event.workerId == "test-worker")
            #expect(event.trajectory == stored && !event.trajectoryInWorkerDatabaseOnly)
            #expect(metrics.count(queue: QueueConfiguration.defaultQueue, outcome: .completed) == 1)
        }
    }

    @Test func wrongAnswerCompletesInsteadOfRetrying() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try withRedis { server, queue in
            try queue.submit(NewTask(id: "t1", payload: TaskPayload.encode(task(answer: "#### 19"))), to: QueueConfiguration.defaultQueue)
            try runWorker(server, directory: directory, agent: scripted())
            let envelope = try #require(try queue.task(id: "t1", in: QueueConfiguration.defaultQueue))
            #expect(envelope.state == .done && envelope.attempt == 1)
        }
    }

    @Test func badPayloadIsDeadLetteredWithAClearError() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try withRedis { server, queue in
            try queue.submit(NewTask(id: "junk", payload: Data("{\"question\": 3".utf8), maxAttempts: 3), to: QueueConfiguration.defaultQueue)
            try runWorker(server, directory: directory, agent: scripted())
            let dead = try queue.deadTasks(in: QueueConfiguration.defaultQueue)
            #expect(dead.map(\.id) == ["junk"])
            #expect(dead.first?.attempt == 1)
            #expect(dead.first?.lastError?.contains("is not an agent task") == true)
        }
    }

    @Test func modelEndpointDownRetriesUntilAttemptsRunOut() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = testQueueConfiguration(retryBase: 0.2, retryMax: 0.5)
        try withRedis(configuration: configuration) { server, queue in
            try queue.submit(NewTask(id: "t1", payload: TaskPayload.encode(task()), maxAttempts: 2), to: QueueConfiguration.defaultQueue)
            let db = try runWorker(server, directory: directory, agent: scripted(failure: "connection refused"), queueConfiguration: configuration)
            let envelope = try #require(try queue.task(id: "t1", in: QueueConfiguration.defaultQueue))
            #expect(envelope.state == .dead && envelope.attempt == 2)
            let store = try TrajectoryStore.open(path: db, readOnly: true)
            defer { store.close() }
            #expect(try store.trajectory(taskID: "t1", attempt: 1)?.termination == .modelError)
            #expect(try store.trajectory(taskID: "t1", attempt: 2)?.termination == .modelError)
        }
    }

    @Test func largeTrajectoriesStayInTheWorkerDatabaseAndTheEventSaysSo() throws {
        let trajectory = AgentRunner(configuration: scripted()).run(task(), attempt: 1, cancel: CancellationFlag())
        let small = try ResultEvent(trajectory: trajectory, batchId: "b", workerId: "w", inlineLimit: 1 << 20)
        let large = try ResultEvent(trajectory: trajectory, batchId: "b", workerId: "w", inlineLimit: 10)
        #expect(small.trajectory == trajectory && !small.trajectoryInWorkerDatabaseOnly)
        #expect(large.trajectory == nil && large.trajectoryInWorkerDatabaseOnly)
        // Dates travel as ISO 8601 seconds, as in the store; everything else round-trips exactly.
        let decoded = try ResultEvent.decode(small.encoded())
        #expect(decoded.taskId == small.taskId && decoded.milliseconds == small.milliseconds)
        #expect(decoded.trajectory?.modelCalls == trajectory.modelCalls && decoded.trajectory?.actions == trajectory.actions)
    }
}

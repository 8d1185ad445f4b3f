import AgentCore
import Foundation
import Queue
import Worker

/// A `WorkerService` run on a thread of its own, for tests of the task cycle.
final class InProcessWorker: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once by the worker thread before `done` is signalled.
    let service: WorkerService
    let databasePath: String
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<WorkerService.StopReason, any Error>?

    init(url: RedisURL, directory: URL, agent: AgentConfiguration, queueConfiguration: QueueConfiguration,
         metrics: WorkerMetrics = WorkerMetrics(), configure: (inout WorkerConfiguration) -> Void = { _ in }) {
        databasePath = directory.appendingPathComponent("worker.db").path
        var configuration = WorkerConfiguration(
            redisURL: url, queueConfiguration: queueConfiguration, queue: QueueConfiguration.defaultQueue,
            databasePath: databasePath, workerID: "test-worker", concurrency: 2, leaseSeconds: 3, exitWhenIdle: true, idleSeconds: 0.5)
        configure(&configuration)
        service = WorkerService(configuration: configuration, agent: agent, metrics: metrics)
    }

    func start() {
        let thread = Thread { [self] in
            result = Result { try service.run() }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the worker to stop (at most `seconds`); rethrows its error.
    @discardableResult
    func wait(seconds: Double = 60) throws -> WorkerService.StopReason? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return try result?.get()
    }

    /// Starts, waits, and returns why it stopped.
    @discardableResult
    func runToIdle(seconds: Double = 60) throws -> WorkerService.StopReason? {
        start()
        return try wait(seconds: seconds)
    }
}

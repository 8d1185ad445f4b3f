import Foundation
import Logging
import LumosBase
import Queue

/// Moves due delayed and retry tasks to ready, and sends tasks whose lease expired (the worker
/// died or hung) to the retry path or to dead-letter, keeping batch counts right.
///
/// Every move is one script that checks the task's state first, so any number of schedulers may
/// run at once (one in every worker, and standalone) without moving a task twice. Runs on a
/// thread it owns; the interval is jittered so many schedulers do not run in lock-step.
public final class Scheduler: Sendable {
    public let queue: TaskQueue
    /// Queues to maintain; `nil` means every queue that has received tasks.
    public let queues: [String]?
    public let intervalSeconds: Double
    private let logger: Logger

    /// `queue` should be a `TaskQueue` of its own: the scheduler holds its connection while it runs.
    public init(queue: TaskQueue, queues: [String]? = nil, intervalSeconds: Double = 1, logger: Logger = Logger(label: "lumos.scheduler")) {
        self.queue = queue
        self.queues = queues
        self.intervalSeconds = intervalSeconds
        self.logger = logger
    }

    /// One pass over every queue.
    public func tick() throws -> TickReport {
        let names = try queues ?? queue.knownQueues()
        var report = TickReport(queues: names.count)
        for name in names {
            // Expire first: a task whose lease ran out with a zero backoff becomes due at once.
            let expired = try queue.expireLeases(in: name)
            report.expiredRetried += expired.expiredRetried
            report.expiredDead += expired.expiredDead
            report.promoted += try queue.promoteDueTasks(in: name)
        }
        if report.moved > 0 {
            logger.debug("scheduler moved tasks", metadata: [
                "promoted": "\(report.promoted)", "expired_retried": "\(report.expiredRetried)",
                "expired_dead": "\(report.expiredDead)",
            ])
        }
        return report
    }

    /// Ticks every interval (± 20 % jitter) on the calling thread until `stop` is raised. Errors
    /// (Redis down) are logged and the loop backs off up to 30 s; the connection reconnects itself.
    public func run(until stop: StopSignal) {
        var failures = 0
        while !stop.isStopped {
            var pause = intervalSeconds * Double.random(in: 0.8...1.2)
            let backoff = Backoff(initial: intervalSeconds * 2, maximum: min(30, intervalSeconds * 32))
            do {
                _ = try tick()
                failures = 0
            } catch {
                failures += 1
                pause = backoff.delay(attempt: failures)
                logger.warning("scheduler pass failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
            }
            if stop.wait(seconds: pause) { return }
        }
    }

    /// Starts ``run(until:)`` on a new thread and returns it; raise `stop` to end it.
    @discardableResult
    public func start(until stop: StopSignal) -> Thread {
        let thread = Thread { [self] in self.run(until: stop) }
        thread.name = "lumos-scheduler"
        thread.start()
        return thread
    }
}

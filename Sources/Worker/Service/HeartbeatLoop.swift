import AgentCore
import Foundation
import Logging
import LumosBase
import Queue

/// The heartbeat thread: extends the lease of every in-flight task, turns a cancellation seen
/// at the heartbeat into the task's `CancellationFlag`, enforces per-task timeouts, keeps the
/// worker registered, and notices an idle queue. It never waits on inference: it only reads the
/// in-flight registry, so a busy model cannot cost a lease.
struct HeartbeatLoop {
    let service: WorkerService
    let queue: TaskQueue

    func run(until stop: StopSignal) {
        let configuration = service.configuration
        let logger = service.logger
        let startedAt = Date()
        var lastRegistration = Date.distantPast
        var lastRegisteredRunning: [String] = []
        var lastIdleCheck = Date.distantPast
        var idleSince: Date?
        var failures = 0
        var pauseUntil = Date.distantPast
        var lastModelCheck = Date()
        let watch = ModelFileWatch(paths: configuration.modelFiles)
        while !stop.isStopped {
            let now = Date()
            if !watch.isEmpty, now.timeIntervalSince(lastModelCheck) >= 1 {
                lastModelCheck = now
                if let change = watch.change() { service.stopForModelChange(change) }
            }
            for (_, entry) in service.registry.snapshot {
                if let timeoutAt = entry.timeoutAt, now >= timeoutAt, !entry.cancel.isCancelled {
                    logger.warning("task timed out; cancelling it", metadata: Self.fields(entry.lease))
                    entry.cancel.cancel(.timeout)
                }
            }
            if now >= pauseUntil {
                do {
                    try beat(now: now, configuration: configuration, logger: logger)
                    // Also at once when the running set changes, so `status` shows a task within a
                    // tick of its start, however short it is.
                    let running = service.registry.taskIds
                    if running != lastRegisteredRunning || now.timeIntervalSince(lastRegistration) >= min(5, configuration.heartbeatSeconds) {
                        let info = WorkerInfo(id: configuration.workerID, hostname: ProcessInfo.processInfo.hostName,
                                              pid: Int(getpid()), queues: [configuration.queue],
                                              running: running, startedAt: startedAt)
                        try queue.registerWorker(info, ttlSeconds: max(15, configuration.leaseSeconds))
                        lastRegistration = now
                        lastRegisteredRunning = running
                    }
                    if configuration.exitWhenIdle, now.timeIntervalSince(lastIdleCheck) >= 0.5 {
                        lastIdleCheck = now
                        // Retry-waiting ("failed") and delayed tasks count as work: a batch is
                        // not over while a retry is pending.
                        let counts = try queue.counts(of: configuration.queue)
                        if counts.unfinished == 0, service.registry.count == 0 {
                            idleSince = idleSince ?? now
                            if now.timeIntervalSince(idleSince!) >= configuration.idleSeconds { service.beginShutdown(.idle) }
                        } else {
                            idleSince = nil
                        }
                    }
                    failures = 0
                } catch {
                    failures += 1
                    service.metrics.redisReconnected()
                    logger.warning("heartbeat could not reach Redis; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                    pauseUntil = Date().addingTimeInterval(min(configuration.heartbeatSeconds, RedisRetry.backoff.delay(attempt: failures)))
                    idleSince = nil
                }
            }
            service.metrics.setInFlight(service.registry.count)
            stop.wait(seconds: 0.25)
        }
    }

    private func beat(now: Date, configuration: WorkerConfiguration, logger: Logger) throws {
        for (slot, entry) in service.registry.snapshot where !entry.lost {
            guard now.timeIntervalSince(entry.lastExtended) >= configuration.heartbeatSeconds else { continue }
            do {
                switch try queue.heartbeat(entry.lease, leaseSeconds: configuration.leaseSeconds) {
                case .extended(let until):
                    service.registry.extended(slot: slot, token: entry.lease.token, until: until)
                    service.metrics.leaseExtended()
                case .cancelled:
                    logger.info("task cancelled by a user; stopping it", metadata: Self.fields(entry.lease))
                    entry.cancel.cancel(.cancelled)
                }
            } catch let error as QueueError where error.code == .staleLease || error.code == .unknownTask || error.code == .taskCancelled {
                logger.warning("lease lost; the task will run elsewhere and this attempt's result is dropped",
                               metadata: Self.fields(entry.lease).merging(["error": "\(error.code)"]) { $1 })
                service.registry.markLost(slot: slot, token: entry.lease.token)
            }
        }
    }

    static func fields(_ lease: Lease) -> Logger.Metadata {
        ["task": "\(lease.taskId)", "attempt": "\(lease.attempt)"]
    }
}

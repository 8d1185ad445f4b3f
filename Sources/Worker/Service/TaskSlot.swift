import AgentCore
import Foundation
import Logging
import LumosBase
import Queue
import ResultStore

/// One slot: reserve a task, run the agent on this thread, write the trajectory, then complete
/// or fail the task in Redis with its lease token. The order matters: a result is on disk
/// before the queue hears of it, so a crash in between only makes the task run again (and the
/// same (task, attempt) row is written again).
struct TaskSlot {
    let index: Int
    let service: WorkerService
    let queue: TaskQueue
    let store: TrajectoryStore

    private var configuration: WorkerConfiguration { service.configuration }
    private var logger: Logger { service.logger }
    private var retry: RedisRetry { RedisRetry(metrics: service.metrics, logger: service.logger) }

    func run() {
        var failures = 0
        while !service.stopReserving.isStopped {
            let leases: [Lease]
            do {
                leases = try queue.reserve(from: configuration.queue, count: 1, leaseSeconds: configuration.leaseSeconds, waitSeconds: 1)
                failures = 0
            } catch {
                failures += 1
                service.metrics.redisReconnected()
                logger.warning("cannot reserve from Redis; retrying", metadata: ["slot": "\(index)", "error": "\(error)", "failures": "\(failures)"])
                service.stopReserving.wait(seconds: RedisRetry.backoff.delay(attempt: failures))
                continue
            }
            guard let lease = leases.first else { continue }
            if service.stopReserving.isStopped {
                // Reserved just as shutdown began: give it straight back.
                release(lease)
                continue
            }
            process(lease)
        }
    }

    private func process(_ lease: Lease) {
        var fields = HeartbeatLoop.fields(lease)
        let task: AgentTask
        do {
            task = try TaskPayload.decode(lease.task.payload, taskId: lease.taskId)
        } catch {
            logger.error("bad payload; failing the task permanently", metadata: fields.merging(["error": "\(error)"]) { $1 })
            finish(lease, outcome: .dead, seconds: nil) {
                _ = try queue.fail(lease, error: "\(error)", permanent: true)
            }
            return
        }
        fields["dataset"] = "\(task.dataset.rawValue)"
        fields["formulation"] = "\(task.formulation.rawValue)"
        logger.info("task started", metadata: fields)
        let cancel = CancellationFlag()
        let timeout = configuration.taskTimeoutSeconds ?? lease.task.timeoutSeconds
        service.registry.add(slot: index, lease: lease, cancel: cancel, timeoutSeconds: timeout)
        service.metrics.setInFlight(service.registry.count)
        defer {
            service.registry.remove(slot: index)
            service.metrics.setInFlight(service.registry.count)
        }
        var trajectory = AgentRunner(configuration: service.agent).run(task, attempt: lease.attempt, cancel: cancel)
        trajectory.batchId = lease.task.batchId
        let seconds = trajectory.milliseconds / 1000
        record(trajectory)
        fields["termination"] = "\(trajectory.termination.rawValue)"
        fields["ms"] = "\(Int(trajectory.milliseconds))"

        if service.registry.entry(slot: index)?.lost == true {
            logger.warning("lease was lost while running; dropping this attempt", metadata: fields)
            service.metrics.taskFinished(queue: configuration.queue, outcome: .lost, seconds: seconds)
            return
        }
        switch cancel.reason {
        case .shutdown:
            logger.info("shutdown: releasing the task to the queue (attempt not counted)", metadata: fields)
            release(lease)
            return
        case .cancelled:
            logger.info("task cancelled while running; nothing recorded", metadata: fields)
            service.metrics.taskFinished(queue: configuration.queue, outcome: .cancelled, seconds: seconds)
            return
        case .timeout, .none:
            break
        }

        do {
            try store.write(trajectory, workerID: configuration.workerID)
        } catch {
            logger.error("cannot write the trajectory; failing the attempt so it is retried", metadata: fields.merging(["error": "\(error)"]) { $1 })
            finish(lease, outcome: .retried, seconds: seconds) {
                _ = try queue.fail(lease, error: "The worker could not write its results database: \(error)")
            }
            return
        }
        let event: Data?
        do {
            event = try ResultEvent(trajectory: trajectory, batchId: lease.task.batchId, workerId: configuration.workerID,
                                    inlineLimit: configuration.maxInlineTrajectoryBytes).encoded()
        } catch {
            logger.warning("cannot encode the result event; publishing none", metadata: ["error": "\(error)"])
            event = nil
        }
        let infrastructure = trajectory.termination.isInfrastructureFailure || trajectory.termination == .timeout
        if trajectory.termination.isPermanentFailure {
            let reason = "\(trajectory.termination.rawValue): \(trajectory.terminationDetail ?? "no detail")"
            finish(lease, outcome: .dead, seconds: seconds) {
                _ = try queue.fail(lease, error: reason, permanent: true, event: event)
            }
            logger.warning("the task's input cannot be run; failed permanently", metadata: fields.merging(["reason": "\(reason)"]) { $1 })
        } else if infrastructure {
            let reason = "\(trajectory.termination.rawValue): \(trajectory.terminationDetail ?? "no detail")"
            var outcome = WorkerMetrics.Outcome.retried
            finish(lease, outcome: nil, seconds: seconds) {
                if case .dead = try queue.fail(lease, error: reason, event: event) { outcome = .dead }
            }
            service.metrics.taskFinished(queue: configuration.queue, outcome: outcome, seconds: seconds)
            logger.warning("attempt failed (\(outcome.rawValue))", metadata: fields)
        } else {
            finish(lease, outcome: .completed, seconds: seconds) {
                try queue.complete(lease, event: event)
            }
            StopAfterCorrect(queue: queue, queueName: configuration.queue, logger: logger)
                .completed(trajectory, batchId: lease.task.batchId)
            fields["correct"] = "\(trajectory.correct)"
            logger.info("task completed", metadata: fields)
        }
    }

    /// Runs a closing Redis call, retrying across outages for as long as the lease could still
    /// be ours; a lease error means the task moved on (it reruns elsewhere), which is logged.
    private func finish(_ lease: Lease, outcome: WorkerMetrics.Outcome?, seconds: Double?, _ body: () throws -> Void) {
        let giveUpAt = Date().addingTimeInterval(max(configuration.leaseSeconds * 2, 120))
        do {
            try retry.run("finishing a task", metadata: HeartbeatLoop.fields(lease), giveUp: { Date() > giveUpAt }, body)
            if let outcome { service.metrics.taskFinished(queue: configuration.queue, outcome: outcome, seconds: seconds) }
        } catch {
            logger.warning("could not finish the task in Redis; it will be retried by the queue", metadata: HeartbeatLoop.fields(lease).merging(["error": "\(error)"]) { $1 })
            service.metrics.taskFinished(queue: configuration.queue, outcome: .lost, seconds: seconds)
        }
    }

    private func release(_ lease: Lease) {
        let giveUpAt = Date().addingTimeInterval(10)
        do {
            let outcome = try retry.run("releasing a task", metadata: HeartbeatLoop.fields(lease), giveUp: { Date() > giveUpAt }) {
                try queue.release([lease]).first ?? .unknown
            }
            service.metrics.taskFinished(queue: configuration.queue, outcome: outcome == .ok ? .released : .lost, seconds: nil)
        } catch {
            logger.warning("could not release the task; its lease will expire", metadata: HeartbeatLoop.fields(lease).merging(["error": "\(error)"]) { $1 })
        }
    }

    private func record(_ trajectory: Trajectory) {
        for call in trajectory.modelCalls {
            service.metrics.recordModelCall(module: call.module.rawValue, generatedTokens: call.completionTokens, seconds: call.milliseconds / 1000)
        }
        service.metrics.recordToolErrors(trajectory.actions.filter { $0.error != nil }.count)
    }
}

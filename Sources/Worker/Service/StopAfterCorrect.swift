import AgentCore
import Logging
import Queue

/// `submit --stop-after-correct M`, checked by the worker that finishes a correct sample: once
/// the item has M correct samples, its other samples are cancelled through the queue's cancel
/// path (queued ones never run; running ones have their result refused and are not retried).
/// Checking here, at completion time, needs no extra process and sees every correct result.
struct StopAfterCorrect {
    let queue: TaskQueue
    let queueName: String
    let logger: Logger

    /// Call after the correct trajectory's task was completed in Redis.
    func completed(_ trajectory: Trajectory, batchId: String) {
        guard trajectory.correct, let rollout = trajectory.task.rollout, let limit = rollout.stopAfterCorrect else { return }
        do {
            let correct = try queue.recordCorrectSample(item: rollout.item, taskId: trajectory.task.id, batchId: batchId, in: queueName)
            guard correct >= limit else { return }
            let others = rollout.siblingTaskIDs.filter { $0 != trajectory.task.id }
            let saved = try queue.cancelSamples(others, in: queueName)
            if saved.waiting + saved.running > 0 {
                logger.info("stop-after-correct: item has enough correct samples; cancelled the rest", metadata: [
                    "item": "\(rollout.item)", "correct": "\(correct)",
                    "cancelled_waiting": "\(saved.waiting)", "cancelled_running": "\(saved.running)",
                ])
            }
        } catch {
            // Only work is lost, never a result: the remaining samples simply run.
            logger.warning("stop-after-correct: could not cancel the item's other samples", metadata: [
                "item": "\(rollout.item)", "error": "\(error)",
            ])
        }
    }
}

import Foundation

/// Sampled rollouts (`submit --samples K --stop-after-correct M`): the count of an item's
/// correct samples, and cancelling the rest through the ordinary cancel path.
extension TaskQueue {
    /// Records that sample task `taskId` of `item` ended correct and returns how many distinct
    /// samples of the item are correct so far. A set, so a task recorded twice (a worker that
    /// crashed after recording and before acking) counts once.
    public func recordCorrectSample(item: String, taskId: String, batchId: String, in queue: String) throws -> Int {
        let key = keys.correctSamples(item: item, batch: batchId, in: queue)
        let retention = max(Int(configuration.finishedRetentionSeconds), 60)
        let replies = try withConnection { connection in
            try connection.pipeline([
                RedisCommand("SADD", key, taskId),
                RedisCommand("EXPIRE", key, String(retention)),
                RedisCommand("SCARD", key),
            ]).enumerated().map { try connection.checked($0.element, command: ["SADD", "EXPIRE", "SCARD"][$0.offset]) }
        }
        if case .integer(let count) = replies[2] { return count }
        return 0
    }

    /// What cancelling an item's remaining samples did: the work saved.
    public struct SampleCancellation: Sendable, Hashable, Codable {
        /// Queued (or waiting for a retry) samples that will never run.
        public var waiting = 0
        /// Running samples whose result will be refused and which are not retried.
        public var running = 0
        public init() {}
    }

    /// Cancels the given sample tasks; ones already finished or unknown are left alone.
    public func cancelSamples(_ taskIds: [String], in queue: String) throws -> SampleCancellation {
        var result = SampleCancellation()
        for id in taskIds {
            do {
                switch try cancel(taskId: id, in: queue) {
                case .cancelledWaiting: result.waiting += 1
                case .cancelledRunning: result.running += 1
                case .alreadyFinished: break
                }
            } catch let error as QueueError where error.code == .unknownTask {
                continue
            }
        }
        return result
    }
}

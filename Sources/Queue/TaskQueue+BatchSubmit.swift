import Foundation

extension TaskQueue {
    /// Submits a whole task list into `batchId`, `groupSize` tasks per ``submit(_:to:batchId:)``
    /// call, and never throws once anything was sent: a stop part-way (a Redis error, or
    /// `shouldStop` between groups) comes back in ``BatchSubmitOutcome/stop`` with every id
    /// accounted for, and the batch's total read back from Redis.
    ///
    /// Calling it again with the same tasks and batch id finishes the job: tasks already in the
    /// batch are confirmed and skipped, so one batch ends up covering the whole list.
    /// `progress` gets the number of tasks confirmed so far after each group.
    public func submitBatch(
        _ tasks: [NewTask], to queue: String, batchId: String, groupSize: Int = 2000,
        shouldStop: () -> Bool = { false }, progress: (Int) -> Void = { _ in }
    ) throws -> BatchSubmitOutcome {
        try Self.validate(queueName: queue)
        try Self.validate(batchId: batchId)
        let ids = try validatedIds(tasks)
        let named = zip(tasks, ids).map { task, id in
            var copy = task
            copy.id = id
            return copy
        }
        var outcome = BatchSubmitOutcome(batchId: batchId, queue: queue, allIds: ids)
        let size = max(1, groupSize)
        var start = 0
        while start < named.count {
            if shouldStop() {
                outcome.stop = .interrupted
                break
            }
            let end = min(start + size, named.count)
            do {
                let result = try submit(Array(named[start..<end]), to: queue, batchId: batchId)
                outcome.record(result)
            } catch let error as QueueError {
                if let partial = error.partial {
                    outcome.record(SubmitResult(batchId: batchId, acceptedIds: partial.acceptedIds, duplicateIds: partial.duplicateIds,
                                                otherBatchIds: partial.otherBatchIds))
                    outcome.refusedIds += partial.refusedIds
                    outcome.unconfirmedIds += partial.unconfirmedIds
                    outcome.stop = .failed(QueueError(partial.causeCode ?? error.code, partial.causeMessage ?? error.message))
                } else {
                    // Nothing of this group is confirmed: the connection failed before any reply.
                    outcome.unconfirmedIds += ids[start..<end]
                    outcome.stop = .failed(error)
                }
                start = end
                break
            }
            start = end
            progress(outcome.confirmed)
        }
        guard outcome.stop != nil else { return outcome }
        outcome.notSentIds = Array(ids[start...])
        outcome.batchTotalInRedis = try? batch(batchId, in: queue)?.total ?? 0
        return outcome
    }
}

extension BatchSubmitOutcome {
    mutating func record(_ result: SubmitResult) {
        addedIds += result.acceptedIds
        let other = Set(result.otherBatchIds)
        for id in result.duplicateIds {
            if other.contains(id) { inOtherBatchIds.append(id) } else { alreadyInBatchIds.append(id) }
        }
    }
}

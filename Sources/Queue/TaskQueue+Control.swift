import Foundation

extension TaskQueue {
    /// Cancels a task. A waiting task (queued, delayed, retry-waiting) is cancelled at once; a
    /// running one is marked cancelled and its worker learns it at the next heartbeat (its
    /// complete/fail is then refused with `.taskCancelled`). Throws `.unknownTask` if none exists.
    @discardableResult
    public func cancel(taskId: String, in queue: String) throws -> CancelOutcome {
        let reply = try run(TaskScripts.cancel, queue: queue) { $0.append(taskId) }
        let status = reply.string ?? ""
        if status == "unknown" {
            throw QueueError(.unknownTask, "There is no task '\(taskId)' in queue '\(queue)' to cancel (never submitted, purged, or finished and expired).", taskId: taskId)
        }
        if status.hasPrefix("final:") {
            return .alreadyFinished(TaskState(rawValue: String(status.dropFirst(6))) ?? .done)
        }
        return status == "running" ? .cancelledRunning : .cancelledWaiting
    }

    /// A batch's counts, or `nil` if no such batch exists in `queue`.
    public func batch(_ batchId: String, in queue: String) throws -> BatchCounts? {
        let reply = try withConnection { try $0.checkedSend(RedisCommand("HGETALL", keys.batch(batchId, in: queue))) }
        let fields = reply.fieldMap
        guard let total = fields["total"]?.int else { return nil }
        return BatchCounts(batchId: batchId, total: total, states: QueueCounts(fields: fields),
                           createdAt: fields["created"]?.int.map { Self.date(milliseconds: $0) })
    }

    /// Blocks until every task of the batch is done, dead or cancelled, or `timeoutSeconds`
    /// pass, or `shouldStop` returns true (checked at least every second). Wakes on the queue's
    /// result stream (XREAD BLOCK), not by polling. Returns the last counts read; check
    /// ``BatchCounts/isFinished``. Throws `.unknownTask` if the batch does not exist.
    public func waitForBatch(_ batchId: String, in queue: String, timeoutSeconds: Double, shouldStop: () -> Bool = { false }) throws -> BatchCounts {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        // Take the cursor before reading the counts, so an event between the two is not missed.
        var cursor = try latestEventId(in: queue)
        while true {
            guard let counts = try batch(batchId, in: queue) else {
                throw QueueError(.unknownTask, "There is no batch '\(batchId)' in queue '\(queue)'.")
            }
            let remaining = deadline.timeIntervalSinceNow
            if counts.isFinished || remaining <= 0 || shouldStop() { return counts }
            cursor = try readEvents(from: queue, after: cursor, count: 1000, blockSeconds: min(1, remaining)).cursor
        }
    }

    // MARK: Dead letters

    /// Dead tasks, newest first (with their payload and last error).
    public func deadTasks(in queue: String, limit: Int = 100, offset: Int = 0) throws -> [TaskEnvelope] {
        try withConnection { connection in
            let first = max(0, offset)
            let ids = try connection.checkedSend(RedisCommand("ZREVRANGE", keys.dead(queue), String(first), String(first + max(1, limit) - 1)))
            let idList = (ids.array ?? []).compactMap(\.string)
            let replies = try connection.pipeline(idList.map { RedisCommand("HGETALL", keys.task($0, in: queue)) })
            return zip(idList, replies).compactMap { id, reply in
                let fields = reply.fieldMap
                return fields.isEmpty ? nil : Self.envelope(id: id, queue: queue, fields: fields)
            }
        }
    }

    /// Number of dead tasks kept for `queue`.
    public func deadCount(in queue: String) throws -> Int {
        try withConnection { try $0.checkedSend(RedisCommand("ZCARD", keys.dead(queue))).int ?? 0 }
    }

    /// The ids among `ids` that are not in the dead-letter set of `queue`, in the given order.
    public func notDead(_ ids: [String], in queue: String) throws -> [String] {
        let replies = try withConnection { connection in
            try connection.pipeline(ids.map { RedisCommand("ZSCORE", keys.dead(queue), $0) })
        }
        return zip(ids, replies).compactMap { id, reply in
            if case .null = reply { return id }
            return nil
        }
    }

    /// Puts dead tasks back in the ready list with fresh attempts: the given ids, or all of them
    /// when `ids` is nil. Returns how many were requeued.
    @discardableResult
    public func requeueDead(in queue: String, ids: [String]? = nil) throws -> Int {
        try deadOperation(MaintenanceScripts.requeueDead, queue: queue, ids: ids)
    }

    /// Deletes dead tasks: the given ids, or all of them when `ids` is nil. Returns how many.
    @discardableResult
    public func purgeDead(in queue: String, ids: [String]? = nil) throws -> Int {
        try deadOperation(MaintenanceScripts.purgeDead, queue: queue, ids: ids)
    }

    private func deadOperation(_ script: LuaScript, queue: String, ids: [String]?) throws -> Int {
        let chunk = 1000
        var total = 0
        if let ids {
            for start in stride(from: 0, to: ids.count, by: chunk) {
                let slice = ids[start..<min(start + chunk, ids.count)]
                total += try run(script, queue: queue) { arguments in
                    arguments.append(chunk)
                    for id in slice { arguments.append(id) }
                }.int ?? 0
            }
            return total
        }
        while true {
            let moved = try run(script, queue: queue) { $0.append(chunk) }.int ?? 0
            total += moved
            if moved < chunk { return total }
        }
    }
}

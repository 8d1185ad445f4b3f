import Foundation

extension TaskQueue {
    /// Reads result events after `cursor` ("0" for the start of the stream, or the cursor of the
    /// previous page). Blocks up to `blockSeconds` when there are none (0: do not block).
    /// A collector that remembers task ids it has seen gets every result exactly once.
    public func readEvents(from queue: String, after cursor: String = "0", count: Int = 1000, blockSeconds: Double = 0) throws -> EventPage {
        let blockMs = try Self.milliseconds(seconds: blockSeconds, "blockSeconds", allowZero: true)
        var command = RedisCommand("XREAD", "COUNT", String(max(1, count)))
        if blockMs > 0 {
            command.append("BLOCK")
            command.append(blockMs)
        }
        command.append("STREAMS")
        command.append(keys.events(queue))
        command.append(cursor)
        let reply = try withConnection { try $0.checkedSend(command, block: blockSeconds) }
        guard let streams = reply.array, let stream = streams.first?.array, stream.count == 2, let entries = stream[1].array else {
            return EventPage(events: [], cursor: cursor)
        }
        var events: [QueueEvent] = []
        var last = cursor
        for entry in entries {
            guard let parts = entry.array, parts.count == 2, let streamId = parts[0].string else { continue }
            last = streamId
            let fields = parts[1].fieldMap
            guard let kind = fields["k"]?.string.flatMap(QueueEvent.Kind.init(rawValue:)), let taskId = fields["id"]?.string else { continue }
            let error = fields["err"]?.string
            events.append(QueueEvent(
                streamId: streamId, kind: kind, taskId: taskId, batchId: fields["b"]?.string ?? "",
                attempt: fields["a"]?.int ?? 0, payload: fields["ev"]?.data,
                error: (error?.isEmpty ?? true) ? nil : error,
                retryAt: fields["r"]?.int.map { Self.date(milliseconds: $0) }))
        }
        return EventPage(events: events, cursor: last)
    }

    /// The id of the newest event in the queue's stream ("0" when empty): a cursor for "from now on".
    public func latestEventId(in queue: String) throws -> String {
        let reply = try withConnection { try $0.checkedSend(RedisCommand("XREVRANGE", keys.events(queue), "+", "-", "COUNT", "1")) }
        return reply.array?.first?.array?.first?.string ?? "0"
    }

    // MARK: Worker registry

    /// Registers the worker, or refreshes it (call it as the worker's heartbeat, with what it is
    /// running now). It disappears from ``liveWorkers()`` when `ttlSeconds` pass without a refresh.
    public func registerWorker(_ info: WorkerInfo, ttlSeconds: Double = 30) throws {
        let ttlMs = try Self.milliseconds(seconds: ttlSeconds, "ttlSeconds")
        _ = try run(MaintenanceScripts.registerWorker, base: keys.workersBase) {
            $0.append(info.id)
            $0.append(ttlMs)
            for (field, value) in [
                ("id", info.id), ("host", info.hostname), ("pid", String(info.pid)),
                ("queues", info.queues.joined(separator: ",")), ("running", info.running.joined(separator: ",")),
                ("started", String(Self.milliseconds(info.startedAt))),
            ] {
                $0.append(field)
                $0.append(value)
            }
        }
    }

    /// Removes the worker from the registry (clean shutdown).
    public func deregisterWorker(id: String) throws {
        _ = try run(MaintenanceScripts.deregisterWorker, base: keys.workersBase) { $0.append(id) }
    }

    /// Workers that refreshed their registration within their TTL.
    public func liveWorkers() throws -> [WorkerInfo] {
        let reply = try run(MaintenanceScripts.listWorkers, base: keys.workersBase) { _ in }
        return (reply.array ?? []).compactMap { item in
            let f = item.fieldMap
            guard let id = f["id"]?.string else { return nil }
            func list(_ key: String) -> [String] { (f[key]?.string ?? "").split(separator: ",").map(String.init) }
            return WorkerInfo(
                id: id, hostname: f["host"]?.string ?? "", pid: f["pid"]?.int ?? 0,
                queues: list("queues"), running: list("running"),
                startedAt: Self.date(milliseconds: f["started"]?.int ?? 0),
                lastSeen: f["seen"]?.int.map { Self.date(milliseconds: $0) })
        }
    }

    // MARK: Maintenance (the Scheduler's moves)

    /// Moves due delayed and retry-waiting tasks of `queue` to ready, at most `limit` per script
    /// call, until none are due. Safe to run from many processes at once.
    public func promoteDueTasks(in queue: String, limit: Int = 1000) throws -> Int {
        var total = 0
        while true {
            let reply = try run(MaintenanceScripts.promote, queue: queue) { $0.append(limit) }
            let parts = reply.array ?? []
            total += parts.first?.int ?? 0
            if (parts.count > 1 ? parts[1].int ?? 0 : 0) < limit { return total }
        }
    }

    /// Sends running tasks whose lease expired to the retry path (counting the attempt) or to
    /// dead-letter when out of attempts. Safe to run from many processes at once.
    public func expireLeases(in queue: String, limit: Int = 1000) throws -> MaintenanceReport {
        var report = MaintenanceReport()
        while true {
            let reply = try run(MaintenanceScripts.expire, queue: queue) {
                $0.append(limit)
                $0.append(String(Double.random(in: 0..<1)))
            }
            let parts = (reply.array ?? []).map { $0.int ?? 0 }
            guard parts.count == 3 else { return report }
            report.expiredRetried += parts[0]
            report.expiredDead += parts[1]
            if parts[2] < limit { return report }
        }
    }
}

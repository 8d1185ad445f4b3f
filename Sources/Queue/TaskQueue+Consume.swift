import Foundation

extension TaskQueue {
    /// Reserves up to `count` ready tasks (high before normal before low, FIFO within a priority)
    /// under a lease of `leaseSeconds`, each with its own lease token and the attempt counted.
    ///
    /// With `waitSeconds > 0` and nothing ready, blocks on the queue's wake-up list (BLPOP, no
    /// polling) for at most `waitSeconds`, then returns what it got, possibly nothing. Keep the
    /// wait short (≤ 1–2 s) so a shutting-down caller notices soon.
    public func reserve(from queue: String, count: Int = 1, leaseSeconds: Double = 60, waitSeconds: Double = 0) throws -> [Lease] {
        let leaseMs = try Self.milliseconds(seconds: leaseSeconds, "leaseSeconds")
        _ = try Self.milliseconds(seconds: waitSeconds, "waitSeconds", allowZero: true)
        let deadline = Date().addingTimeInterval(waitSeconds)
        while true {
            let leases = try reserveNow(from: queue, count: max(1, count), leaseMilliseconds: leaseMs)
            if !leases.isEmpty { return leases }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0.001 else { return [] }
            let woken = try withConnection { connection in
                try connection.checkedSend(RedisCommand("BLPOP", keys.wake(queue), String(format: "%.3f", remaining)), block: remaining)
            }
            if woken.isNull { return [] }
        }
    }

    private func reserveNow(from queue: String, count: Int, leaseMilliseconds: Int) throws -> [Lease] {
        let reply = try run(TaskScripts.reserve, queue: queue) { Self.reserveArguments(&$0, count: count, leaseMilliseconds: leaseMilliseconds) }
        return try Self.leases(from: reply, queue: queue)
    }

    private static func reserveArguments(_ arguments: inout RedisCommand, count: Int, leaseMilliseconds: Int) {
        arguments.append(count)
        arguments.append(leaseMilliseconds)
        arguments.append(randomID(bytes: 10))
    }

    private static func leases(from reply: RedisValue, queue: String) throws -> [Lease] {
        guard let parts = reply.array, parts.count == 2, let deadlineMs = parts[0].int else {
            throw QueueError(.protocolError, "The reserve script returned an unexpected reply.")
        }
        let deadline = date(milliseconds: deadlineMs)
        return (parts[1].array ?? []).compactMap { item -> Lease? in
            guard let f = item.array, f.count == 11, let id = f[0].string, let token = f[1].string else { return nil }
            func ms(_ value: RedisValue) -> Date { date(milliseconds: value.int ?? 0) }
            let error = f[10].string ?? ""
            let envelope = TaskEnvelope(
                id: id, queue: queue, payload: f[3].data ?? Data(),
                priority: f[4].string.flatMap(Priority.init(rawValue:)) ?? .normal,
                attempt: f[2].int ?? 1, maxAttempts: f[5].int ?? 1,
                timeoutSeconds: f[6].string.flatMap(Double.init) ?? 0,
                createdAt: ms(f[7]), enqueuedAt: ms(f[8]), batchId: f[9].string ?? "",
                state: .running, lastError: error.isEmpty ? nil : error)
            return Lease(task: envelope, token: token, deadline: deadline)
        }
    }

    /// Completes `items` and reserves up to `count` new tasks from the same queue in one round
    /// trip (two scripts in one pipeline), as BullMQ's workers fetch the next job with the ack.
    /// Does not block; call ``reserve(from:count:leaseSeconds:waitSeconds:)`` to wait when it
    /// returns no leases.
    public func completeAndReserve(_ items: [(lease: Lease, event: Data?)], from queue: String, count: Int, leaseSeconds: Double = 60) throws -> (outcomes: [LeaseOutcome], leases: [Lease]) {
        guard !items.isEmpty else { return ([], try reserve(from: queue, count: count, leaseSeconds: leaseSeconds)) }
        try Self.requireOneQueue(items.map(\.lease))
        guard items[0].lease.queue == queue else {
            throw QueueError(.invalidArgument, "completeAndReserve completes and reserves in one queue; the leases are from '\(items[0].lease.queue)'.")
        }
        let leaseMs = try Self.milliseconds(seconds: leaseSeconds, "leaseSeconds")
        var completeArguments = scriptHeader()
        Self.completeArguments(&completeArguments, items)
        var reserveArguments = scriptHeader()
        Self.reserveArguments(&reserveArguments, count: max(1, count), leaseMilliseconds: leaseMs)
        let base = keys.queueBase(queue)
        let replies = try withConnection { connection in
            try connection.evaluate([
                ScriptCall(script: TaskScripts.complete, keys: [base], arguments: completeArguments),
                ScriptCall(script: TaskScripts.reserve, keys: [base], arguments: reserveArguments),
            ]).map { try connection.checked($0, command: "script complete/reserve") }
        }
        return ((replies[0].array ?? []).map { Self.outcome($0.string) }, try Self.leases(from: replies[1], queue: queue))
    }

    private static func completeArguments(_ arguments: inout RedisCommand, _ items: [(lease: Lease, event: Data?)]) {
        arguments.append(items.count)
        for (lease, event) in items {
            arguments.append(lease.taskId)
            arguments.append(lease.token)
            arguments.append(event ?? Data())
        }
    }

    /// Extends the lease by `leaseSeconds` from now. Returns `.cancelled` if the task was
    /// cancelled while running (stop work, do not complete it). Throws `.staleLease` if the lease
    /// was lost (expired and handed on), `.unknownTask` if the task no longer exists.
    public func heartbeat(_ lease: Lease, leaseSeconds: Double = 60) throws -> HeartbeatResult {
        try heartbeat([lease], leaseSeconds: leaseSeconds)[0].get()
    }

    /// Heart-beats several leases of one queue in one script call (one round trip): a worker
    /// with many slots. One result per lease, in order; a lost lease is a `.failure` in its
    /// place, not a thrown error.
    public func heartbeat(_ leases: [Lease], leaseSeconds: Double = 60) throws -> [Result<HeartbeatResult, QueueError>] {
        guard let queue = leases.first?.queue else { return [] }
        try Self.requireOneQueue(leases)
        let leaseMs = try Self.milliseconds(seconds: leaseSeconds, "leaseSeconds")
        let reply = try run(TaskScripts.heartbeat, queue: queue) {
            $0.append(leases.count)
            for lease in leases {
                $0.append(lease.taskId)
                $0.append(lease.token)
                $0.append(leaseMs)
            }
        }
        let items = reply.array ?? []
        guard items.count == leases.count else {
            throw QueueError(.protocolError, "The heartbeat script returned an unexpected reply.")
        }
        return zip(leases, items).map { lease, item in
            let parts = item.array ?? []
            let status = parts.first?.string ?? ""
            if status == "ok" { return .success(.extended(until: Self.date(milliseconds: parts.count > 1 ? parts[1].int ?? 0 : 0))) }
            if status == "cancelled" { return .success(.cancelled) }
            return .failure(leaseError(status, lease: lease, action: "extend the lease of"))
        }
    }

    /// Completes the task and appends `event` (compact result bytes, opaque to the queue) to the
    /// queue's result stream in the same script. Needs the current lease token. Repeating it
    /// (after a lost reply) is harmless. A lease that expired but was not yet handed on by the
    /// scheduler can still complete.
    public func complete(_ lease: Lease, event: Data? = nil) throws {
        let status = try complete([(lease, event)])[0]
        if status != .ok { throw leaseError(status, lease: lease, action: "complete") }
    }

    /// Completes several leases of one queue in one script call (each completion is atomic; the
    /// call is one round trip). Returns one outcome per lease, in order; never throws for a
    /// stale or cancelled lease.
    public func complete(_ items: [(lease: Lease, event: Data?)]) throws -> [LeaseOutcome] {
        guard let queue = items.first?.lease.queue else { return [] }
        try Self.requireOneQueue(items.map(\.lease))
        let reply = try run(TaskScripts.complete, queue: queue) { Self.completeArguments(&$0, items) }
        return (reply.array ?? []).map { Self.outcome($0.string) }
    }

    /// Records a failed attempt. Unless `permanent` or out of attempts, the task is retried after
    /// an exponential backoff with jitter; otherwise it is dead-lettered, keeping `error`.
    /// `event` goes to the result stream like a completion's. Needs the current lease token.
    /// Repeating it for the same attempt (after a lost reply) reports the outcome again rather
    /// than failing twice; so does failing an attempt whose expired lease the scheduler already
    /// failed.
    @discardableResult
    public func fail(_ lease: Lease, error: String, permanent: Bool = false, event: Data? = nil) throws -> FailOutcome {
        let reply = try run(TaskScripts.fail, queue: lease.queue) {
            $0.append(1)
            $0.append(lease.taskId)
            $0.append(lease.token)
            $0.append(String(error.prefix(4000)))
            $0.append(permanent ? "1" : "0")
            $0.append(String(Double.random(in: 0..<1)))
            $0.append(event ?? Data())
        }
        guard let item = reply.array?.first?.array, item.count == 2, let status = item[0].string else {
            throw QueueError(.protocolError, "The fail script returned an unexpected reply.")
        }
        guard status == "ok" else { throw leaseError(Self.outcome(status), lease: lease, action: "fail") }
        let at = item[1].int ?? 0
        return at == 0 ? .dead : .retry(at: Self.date(milliseconds: at))
    }

    /// Gives reserved tasks back to the front of their ready list without counting the attempt
    /// (graceful shutdown). Returns one outcome per lease.
    @discardableResult
    public func release(_ leases: [Lease]) throws -> [LeaseOutcome] {
        guard let queue = leases.first?.queue else { return [] }
        try Self.requireOneQueue(leases)
        let reply = try run(TaskScripts.release, queue: queue) {
            $0.append(leases.count)
            for lease in leases {
                $0.append(lease.taskId)
                $0.append(lease.token)
            }
        }
        return (reply.array ?? []).map { Self.outcome($0.string) }
    }

    /// Releases one lease; throws `.staleLease`/`.unknownTask`/`.taskCancelled` if not held.
    public func release(_ lease: Lease) throws {
        let status = try release([lease])[0]
        if status != .ok { throw leaseError(status, lease: lease, action: "release") }
    }

    static func outcome(_ text: String?) -> LeaseOutcome {
        switch text {
        case "ok": .ok
        case "cancelled": .cancelled
        case "unknown": .unknown
        default: .stale
        }
    }

    private static func requireOneQueue(_ leases: [Lease]) throws {
        guard let queue = leases.first?.queue, leases.allSatisfy({ $0.queue == queue }) else {
            throw QueueError(.invalidArgument, "Leases from different queues were passed in one call; group them by queue.")
        }
    }

    func leaseError(_ status: String, lease: Lease, action: String) -> QueueError {
        leaseError(Self.outcome(status), lease: lease, action: action)
    }

    func leaseError(_ outcome: LeaseOutcome, lease: Lease, action: String) -> QueueError {
        switch outcome {
        case .cancelled:
            QueueError(.taskCancelled, "Task '\(lease.taskId)' was cancelled while running; could not \(action) it. Stop working on it.", taskId: lease.taskId)
        case .unknown:
            QueueError(.unknownTask, "Task '\(lease.taskId)' does not exist in queue '\(lease.queue)' (purged, or finished and expired); could not \(action) it.", taskId: lease.taskId)
        case .stale, .ok:
            QueueError(.staleLease, "The lease on task '\(lease.taskId)' (attempt \(lease.attempt)) is no longer held: it expired and the task moved on, or another consumer holds it. Could not \(action) it; drop this attempt's result.", taskId: lease.taskId)
        }
    }
}

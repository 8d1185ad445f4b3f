import Foundation

/// The Redis task queue: submit, reserve, heartbeat, complete, fail, release, cancel, batches,
/// dead letters, result events and the worker registry. Every state change is one Lua script.
///
/// The API is synchronous and blocking; run it on threads you own, never on Swift's cooperative
/// pool. One `TaskQueue` owns one connection. It is safe to share between threads (calls are
/// serialised), but a thread that blocks in `reserve(waitSeconds:)` or `readEvents(blockSeconds:)`
/// holds the connection meanwhile: give the heartbeat its own `TaskQueue`, so it never waits
/// behind a blocking reserve, and each consumer thread its own.
///
/// A worker's life with it:
/// ```
/// let leases = try queue.reserve(from: "agents", count: 1, leaseSeconds: 60, waitSeconds: 1)
/// // on a heartbeat thread with its own TaskQueue, every ~lease/3:
/// switch try beats.heartbeat(lease, leaseSeconds: 60) {      // throws .staleLease / .unknownTask: stop
/// case .extended: break
/// case .cancelled: stop the task; do not complete it
/// }
/// try queue.complete(lease, event: compactResultJSON)         // or:
/// try queue.fail(lease, error: "model endpoint unreachable")  // retried with backoff, then dead
/// try queue.fail(lease, error: "bad input", permanent: true)  // straight to dead-letter
/// try queue.release([lease])                                  // graceful shutdown: back to the queue
/// ```
/// Submitters: `submit(_:to:batchId:)`, `batch(_:in:)`, `waitForBatch`, `readEvents(from:after:)`.
public final class TaskQueue: @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is `connection` (a hiredis context, not
    // thread-safe), and every access to it goes through `lock`.
    public let url: RedisURL
    public let configuration: QueueConfiguration
    public let keys: Keys
    /// Things the caller should log: e.g. the eviction policy could not be checked.
    public let warnings: [String]
    private let lock = NSLock()
    private let connection: RedisConnection

    /// Parses `url` and connects; see ``init(url:configuration:options:)``.
    public convenience init(url: String, configuration: QueueConfiguration = QueueConfiguration(), options: ConnectionOptions = ConnectionOptions()) throws {
        try self.init(url: RedisURL(parsing: url), configuration: configuration, options: options)
    }

    /// Connects, logs in, and checks the server's `maxmemory-policy`: an evicting policy is
    /// refused (`.evictionPolicy`); if the policy cannot be read (CONFIG disabled), a warning is
    /// recorded in ``warnings`` instead.
    public init(url: RedisURL, configuration: QueueConfiguration = QueueConfiguration(), options: ConnectionOptions = ConnectionOptions()) throws {
        self.url = url
        self.configuration = configuration
        self.keys = Keys(prefix: configuration.keyPrefix)
        for (name, value) in [("finishedRetentionSeconds", configuration.finishedRetentionSeconds),
                              ("retryBaseDelaySeconds", configuration.retryBaseDelaySeconds),
                              ("retryMaxDelaySeconds", configuration.retryMaxDelaySeconds)] {
            _ = try Self.milliseconds(seconds: value, name, allowZero: true)
        }
        guard configuration.deadLetterCap >= 0, configuration.eventStreamCap > 0, configuration.maxPayloadBytes >= 0 else {
            throw QueueError(.invalidArgument, "deadLetterCap, eventStreamCap and maxPayloadBytes must not be negative (and eventStreamCap not 0).")
        }
        guard (0...64).contains(configuration.minReplicaAcks), (1...600_000).contains(configuration.ackTimeoutMilliseconds) else {
            throw QueueError(.invalidArgument, "The replica acknowledgement count must be 0 to 64 and its timeout 1 to 600,000 ms.")
        }
        self.connection = try RedisConnection(url: url, options: options)
        connection.replicaAcks = configuration.minReplicaAcks > 0
            ? (configuration.minReplicaAcks, configuration.ackTimeoutMilliseconds) : nil
        self.warnings = configuration.requireNoEviction ? try Self.checkEvictionPolicy(connection) : []
    }

    /// Closes the connection. Later calls reconnect.
    public func close() {
        withConnection { $0.close() }
    }

    /// Request/reply exchanges so far (one per command or pipeline).
    public var roundTrips: Int { withConnection { $0.roundTrips } }

    /// Runs `body` with exclusive use of the connection: for raw commands the API does not cover.
    public func withConnection<R>(_ body: (RedisConnection) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    // MARK: Reading state

    /// Tasks per state in `queue`.
    public func counts(of queue: String) throws -> QueueCounts {
        let reply = try withConnection { try $0.checkedSend(RedisCommand("HGETALL", keys.counts(queue))) }
        return QueueCounts(fields: reply.fieldMap)
    }

    /// Queue names that have received tasks.
    public func knownQueues() throws -> [String] {
        let reply = try withConnection { try $0.checkedSend(RedisCommand("SMEMBERS", keys.queueNames)) }
        return (reply.array ?? []).compactMap(\.string).sorted()
    }

    /// A task as stored now, or `nil` if there is none (never submitted, or finished and expired).
    public func task(id: String, in queue: String) throws -> TaskEnvelope? {
        let reply = try withConnection { try $0.checkedSend(RedisCommand("HGETALL", keys.task(id, in: queue))) }
        let fields = reply.fieldMap
        guard !fields.isEmpty else { return nil }
        return Self.envelope(id: id, queue: queue, fields: fields)
    }

    /// Redis's `maxclients` and its connected clients now; throws when CONFIG or INFO is not
    /// allowed (callers then skip the check).
    public func clientBudget() throws -> (maxClients: Int, connected: Int) {
        try withConnection { connection in
            let config = try connection.checkedSend(RedisCommand("CONFIG", "GET", "maxclients"))
            guard let items = config.array, items.count >= 2, let maxClients = items[1].string.flatMap({ Int($0) }) else {
                throw QueueError(.protocolError, "Redis did not report maxclients.")
            }
            let info = try connection.checkedSend(RedisCommand("INFO", "clients")).string ?? ""
            let connected = info.split(whereSeparator: \.isNewline)
                .first { $0.hasPrefix("connected_clients:") }
                .flatMap { Int($0.dropFirst("connected_clients:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            return (maxClients, connected)
        }
    }

    // MARK: Helpers shared by the extensions

    /// The configuration header every queue script expects in ARGV[1…5].
    func scriptHeader() -> RedisCommand {
        var header = RedisCommand()
        header.append(Int(configuration.finishedRetentionSeconds * 1000))
        header.append(configuration.eventStreamCap)
        header.append(configuration.deadLetterCap)
        header.append(Int(configuration.retryBaseDelaySeconds * 1000))
        header.append(Int(configuration.retryMaxDelaySeconds * 1000))
        return header
    }

    /// Runs one queue script with the header plus `build`'s arguments; throws on an error reply.
    func run(_ script: LuaScript, queue: String, _ build: (inout RedisCommand) -> Void) throws -> RedisValue {
        try run(script, base: keys.queueBase(queue), build)
    }

    func run(_ script: LuaScript, base: String, _ build: (inout RedisCommand) -> Void) throws -> RedisValue {
        var arguments = scriptHeader()
        build(&arguments)
        return try withConnection { connection in
            try connection.checked(connection.evaluate(script, keys: [base], arguments: arguments), command: "script \(script.name)")
        }
    }

    static func envelope(id: String, queue: String, fields: [String: RedisValue]) -> TaskEnvelope {
        func date(_ key: String) -> Date? {
            fields[key]?.int.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        }
        let error = fields["err"]?.string
        return TaskEnvelope(
            id: id,
            queue: queue,
            payload: fields["p"]?.data ?? Data(),
            priority: fields["pr"]?.string.flatMap(Priority.init(rawValue:)) ?? .normal,
            attempt: fields["a"]?.int ?? 0,
            maxAttempts: fields["m"]?.int ?? 1,
            timeoutSeconds: fields["to"]?.string.flatMap(Double.init) ?? 0,
            createdAt: date("c") ?? Date(timeIntervalSince1970: 0),
            enqueuedAt: date("e") ?? Date(timeIntervalSince1970: 0),
            batchId: fields["b"]?.string ?? "",
            state: fields["s"]?.string.flatMap(TaskState.init(rawValue:)) ?? .queued,
            lastError: (error?.isEmpty ?? true) ? nil : error,
            runAt: date("r"),
            finishedAt: date("fin")
        )
    }

    /// Dates as epoch milliseconds, clamped to years 1970–9999 so no input can trap the conversion.
    static func milliseconds(_ date: Date) -> Int {
        let ms = date.timeIntervalSince1970 * 1000
        guard ms.isFinite else { return 0 }
        return Int(min(max(ms, 0), 253_402_300_799_000).rounded())
    }

    /// A duration argument in milliseconds; refuses NaN, infinities, negatives and more than a
    /// year with an `.invalidArgument` error instead of trapping.
    static func milliseconds(seconds: Double, _ name: String, allowZero: Bool = false) throws -> Int {
        guard seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0, seconds <= 366 * 86_400 else {
            throw QueueError(.invalidArgument, "\(name) is \(seconds) s; give a finite number of seconds\(allowZero ? " ≥ 0" : " > 0") and at most a year.")
        }
        return max(allowZero ? 0 : 1, Int((seconds * 1000).rounded()))
    }
    static func date(milliseconds: Int) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// A random hex string: task ids, batch ids and lease tokens.
    public static func randomID(bytes: Int = 12) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        let digits = Array("0123456789abcdef")
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }

    private static func checkEvictionPolicy(_ connection: RedisConnection) throws -> [String] {
        let reply = try connection.send(RedisCommand("CONFIG", "GET", "maxmemory-policy"))
        if case let .error(text) = reply {
            return ["Could not read maxmemory-policy (\(text.prefix(80))); make sure the server uses 'maxmemory-policy noeviction', or queued tasks may be evicted under memory pressure."]
        }
        guard let items = reply.array, items.count >= 2, let policy = items[1].string else {
            return ["The server did not report maxmemory-policy; make sure it is 'noeviction'."]
        }
        guard policy == "noeviction" else {
            throw QueueError(.evictionPolicy,
                "Redis at \(connection.url) uses maxmemory-policy '\(policy)', which evicts keys and would silently lose queued tasks. Set 'maxmemory-policy noeviction' (redis-cli CONFIG SET maxmemory-policy noeviction, and in redis.conf).")
        }
        return []
    }
}

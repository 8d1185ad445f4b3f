import CHiredis
import Foundation
import LumosBase

/// Owns one hiredis `redisContext`: connect, AUTH, SELECT, binary-safe commands, pipelines, and
/// reconnecting with exponential backoff after an I/O error.
///
/// Not `Sendable`: a `redisContext` is not thread-safe (hiredis README), so a connection has exactly
/// one owner. ``TaskQueue`` wraps one behind a lock for callers that share it.
public final class RedisConnection {
    public let url: RedisURL
    public let options: ConnectionOptions
    private var context: UnsafeMutablePointer<redisContext>?
    /// Script SHA-1s as returned by SCRIPT LOAD, by script name.
    var loadedScripts: [String: String] = [:]
    /// When set, every script call is followed by `WAIT replicas timeout`, and a call fewer replicas
    /// acknowledged is reported as a lost reply (see ``RedisConnection/evaluate(_:)``).
    public var replicaAcks: (replicas: Int, timeoutMilliseconds: Int)?
    /// Number of request/reply exchanges: one per command, one per pipeline. Lets tests assert
    /// that bulk operations are pipelined without timing anything.
    public internal(set) var roundTrips = 0

    /// True once sentinels have named a master in `connect()`: they are there, so a master that
    /// refuses or is not yet the master means a failover is under way, not a wrong URL.
    private var sentinelsAnswered = false

    /// Connects (once, no retry: a wrong URL should fail fast) and logs in. Through sentinels that
    /// answered, a master that is down or demoted is waited for with the reconnect budget: a
    /// process started during a failover joins the new master instead of exiting.
    public init(url: RedisURL, options: ConnectionOptions = ConnectionOptions()) throws {
        _ = Self.ignoreSIGPIPE
        self.url = url
        self.options = options
        do {
            try connect()
        } catch let error as QueueError where sentinelsAnswered && error.isTransient {
            try waitForPromotion(after: error)
        }
    }

    /// Seconds a process started during a failover waits for the sentinels to promote a replica
    /// (their down-after time plus an election: seconds; a fleet's sentinels usually use 5–30 s).
    static let promotionWait: Double = 60

    private func waitForPromotion(after first: QueueError) throws {
        let deadline = Date().addingTimeInterval(Self.promotionWait)
        var last = first
        repeat {
            do {
                _ = try ensureConnected()
                return
            } catch let error as QueueError where error.isTransient {
                last = error
            }
        } while Date() < deadline
        throw QueueError(last.code,
            "The sentinels of \(url) name a master that has not answered as master for \(Int(Self.promotionWait)) s (\(last.message)). Check that the master or one of its replicas is running and that the sentinels can reach them.")
    }

    deinit { close() }

    /// hiredis writes with write(2): a server that went away would kill the whole process with
    /// SIGPIPE instead of giving an EPIPE error we can report. Ignored once, process-wide.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    public func close() {
        if let context { redisFree(context) }
        context = nil
    }

    public var isConnected: Bool { context != nil }

    // MARK: Commands

    /// Sends one command and returns its reply. Error replies come back as `.error`; use
    /// ``checked(_:)`` to turn them into ``QueueError``s. `block` is extra reply time for blocking
    /// commands (BLPOP, XREAD BLOCK).
    public func send(_ command: RedisCommand, block: Double = 0) throws -> RedisValue {
        try pipeline([command], block: block)[0]
    }

    /// Sends commands in one write and reads all replies: one round trip.
    public func pipeline(_ commands: [RedisCommand], block: Double = 0) throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        let context = try ensureConnected()
        if block > 0 { setTimeout(context, options.commandTimeout + block) }
        defer { if block > 0, let current = self.context { setTimeout(current, options.commandTimeout) } }
        roundTrips += 1
        for command in commands { try append(command, to: context) }
        return try commands.map { try readReply(from: context, for: $0.name) }
    }

    /// Queues a command in hiredis's output buffer (nothing is sent yet).
    func append(_ command: RedisCommand, to context: UnsafeMutablePointer<redisContext>) throws {
        let status = command.withArgv { argc, argv, argvlen in redisAppendCommandArgv(context, argc, argv, argvlen) }
        guard status == REDIS_OK else { throw lost(during: command.name) }
    }

    /// Writes hiredis's whole output buffer without waiting for replies.
    func flushOutput(_ context: UnsafeMutablePointer<redisContext>, for name: String) throws {
        var done: Int32 = 0
        while done == 0 {
            guard redisBufferWrite(context, &done) == REDIS_OK else { throw lost(during: name) }
        }
    }

    /// Reads the next reply (sending anything still buffered first).
    func readReply(from context: UnsafeMutablePointer<redisContext>, for name: String) throws -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw lost(during: name) }
        defer { freeReplyObject(raw) }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Sends one command and throws on an error reply.
    @discardableResult
    public func checkedSend(_ command: RedisCommand, block: Double = 0) throws -> RedisValue {
        try checked(send(command, block: block), command: command.name)
    }

    /// Turns an error reply into a ``QueueError`` with advice.
    public func checked(_ value: RedisValue, command: String) throws -> RedisValue {
        if case let .error(text) = value {
            // A demoted master (READONLY) or one still loading: reconnecting asks the sentinels again.
            if case .sentinel = url.endpoint, text.hasPrefix("READONLY") || text.hasPrefix("LOADING") { close() }
            throw RedisErrorMapper.error(for: text, command: command, url: url)
        }
        return value
    }

    // MARK: Connecting

    func ensureConnected() throws -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        // Jitter so a fleet of workers does not reconnect in lock-step after a Redis restart.
        let backoff = Backoff(initial: options.reconnectBaseDelay, maximum: options.reconnectMaxDelay, jitter: 0.5...1.0)
        var lastError: (any Error)?
        for attempt in 0...max(0, options.reconnectAttempts) {
            if attempt > 0 { Thread.sleep(forTimeInterval: backoff.delay(attempt: attempt)) }
            do {
                try connect()
                if let context { return context }
            } catch let error as QueueError where error.code == .authenticationFailed || error.code == .permissionDenied {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError ?? QueueError(.connectionLost, "Could not reconnect to Redis at \(url).")
    }

    private func connect() throws {
        close()
        let timeout = Self.timeval(options.connectTimeout)
        let created: UnsafeMutablePointer<redisContext>?
        switch url.endpoint {
        case let .tcp(host, port): created = redisConnectWithTimeout(host, Int32(port), timeout)
        case let .unix(path): created = redisConnectUnixWithTimeout(path, timeout)
        case let .sentinel(set):
            // Asked at every connect: after a failover the next reconnect finds the new master.
            let master = try SentinelResolver.master(of: set, options: options, url: url)
            sentinelsAnswered = true
            created = redisConnectWithTimeout(master.host, Int32(master.port), timeout)
        }
        guard let created else {
            throw QueueError(.connectionRefused, "Could not allocate a Redis connection to \(url).")
        }
        if created.pointee.err != 0 {
            let reason = Self.errorString(created)
            redisFree(created)
            throw RedisErrorMapper.connectError(reason: reason, url: url)
        }
        setTimeout(created, options.commandTimeout)
        if case .unix = url.endpoint {} else { _ = redisEnableKeepAlive(created) }
        context = created
        do {
            if let password = url.password {
                var auth = RedisCommand("AUTH")
                if let user = url.user { auth.append(user) }
                auth.append(password)
                try checkedSend(auth)
            }
            try checkedSend(RedisCommand("PING"))
            if url.database != 0 { try checkedSend(RedisCommand("SELECT", String(url.database))) }
            if case .sentinel = url.endpoint {
                // A sentinel may still name a master that has just been demoted.
                let role = try checkedSend(RedisCommand("ROLE")).array?.first?.string
                guard role == "master" else {
                    throw QueueError(.connectionLost,
                        "The server the sentinels of \(url) named is a \(role ?? "server of unknown role"), not the master (a failover is under way); retrying.")
                }
            }
        } catch {
            close()
            throw error
        }
    }

    private func setTimeout(_ context: UnsafeMutablePointer<redisContext>, _ seconds: Double) {
        _ = redisSetTimeout(context, Self.timeval(seconds))
    }

    /// Drops the broken context (the next command reconnects) and describes what happened.
    func lost(during command: String) -> QueueError {
        let reason = context.map(Self.errorString) ?? "no connection"
        close()
        let timedOut = reason.contains("temporarily unavailable") || reason.contains("timed out")
        if timedOut {
            return QueueError(.connectionLost,
                "Redis at \(url) did not answer \(command) within \(options.commandTimeout) s (\(reason)); the connection was dropped and will be re-opened on the next call. Check that the server is not overloaded or paused; the operation may or may not have been applied.")
        }
        return QueueError(.connectionLost,
            "The connection to Redis at \(url) was lost during \(command) (\(reason)); it will be re-opened on the next call. The operation may or may not have been applied; if Redis stays down, start it again or check the Redis URL this process was given.")
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func timeval(_ seconds: Double) -> Glibc.timeval {
        // Clamped: a NaN or infinite option must not trap; a day is "forever" for a Redis reply.
        let bounded = seconds.isFinite ? min(max(seconds, 0.001), 86_400) : 86_400
        let whole = bounded.rounded(.down)
        return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((bounded - whole) * 1_000_000))
    }

    static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            guard let str = r.str else { return .bulk([]) }
            return .bulk(Array(UnsafeRawBufferPointer(start: str, count: r.len)))
        case REDIS_REPLY_STATUS:
            return .status(r.str.map { String(cString: $0) } ?? "")
        case REDIS_REPLY_ERROR:
            return .error(r.str.map { String(cString: $0) } ?? "")
        case REDIS_REPLY_INTEGER:
            return .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisValue] = []
            items.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                if let element = r.element[index] { items.append(convert(element)) } else { items.append(.null) }
            }
            return .array(items)
        default:
            return .null
        }
    }
}

import Foundation

/// What a submit did: which ids went in and which already existed (and were left untouched).
public struct SubmitResult: Sendable, Equatable {
    public let batchId: String
    public let acceptedIds: [String]
    public let duplicateIds: [String]

    public init(batchId: String, acceptedIds: [String], duplicateIds: [String]) {
        self.batchId = batchId
        self.acceptedIds = acceptedIds
        self.duplicateIds = duplicateIds
    }
}

/// The answer to a heartbeat.
public enum HeartbeatResult: Sendable, Equatable {
    /// The lease now runs until this time.
    case extended(until: Date)
    /// The task was cancelled while running: stop working on it, do not complete it.
    case cancelled
}

/// What happened to a failed attempt.
public enum FailOutcome: Sendable, Equatable {
    /// It will be retried at (or after) this time.
    case retry(at: Date)
    /// It went to the dead-letter set (permanent failure or attempts exhausted).
    case dead
}

/// Per-item result of a batched complete/fail/release/heartbeat.
public enum LeaseOutcome: Sendable, Equatable {
    case ok
    case stale
    case unknown
    case cancelled
}

/// What a cancel did.
public enum CancelOutcome: Sendable, Equatable {
    /// It was waiting (queued, delayed or waiting for a retry) and is now cancelled.
    case cancelledWaiting
    /// It was running; the worker learns it at its next heartbeat.
    case cancelledRunning
    /// It had already finished in this state; nothing changed.
    case alreadyFinished(TaskState)
}

/// Tasks per state in one queue.
public struct QueueCounts: Sendable, Equatable {
    public var queued = 0, delayed = 0, running = 0, failed = 0, done = 0, dead = 0, cancelled = 0

    public init() {}

    public subscript(state: TaskState) -> Int {
        get {
            switch state {
            case .queued: queued
            case .delayed: delayed
            case .running: running
            case .failed: failed
            case .done: done
            case .dead: dead
            case .cancelled: cancelled
            }
        }
        set {
            switch state {
            case .queued: queued = newValue
            case .delayed: delayed = newValue
            case .running: running = newValue
            case .failed: failed = newValue
            case .done: done = newValue
            case .dead: dead = newValue
            case .cancelled: cancelled = newValue
            }
        }
    }

    init(fields: [String: RedisValue]) {
        for state in TaskState.allCases { self[state] = fields[state.rawValue]?.int ?? 0 }
    }

    /// Tasks not yet finished.
    public var unfinished: Int { queued + delayed + running + failed }
}

/// A batch: how many tasks it has and where they are. `failed` counts tasks waiting for a retry
/// after a failed attempt; the states always add up to `total`.
public struct BatchCounts: Sendable, Equatable {
    public let batchId: String
    public var total: Int
    public var states: QueueCounts
    public var createdAt: Date?

    public init(batchId: String, total: Int, states: QueueCounts, createdAt: Date? = nil) {
        self.batchId = batchId
        self.total = total
        self.states = states
        self.createdAt = createdAt
    }

    public var queued: Int { states.queued }
    public var delayed: Int { states.delayed }
    public var running: Int { states.running }
    public var failed: Int { states.failed }
    public var done: Int { states.done }
    public var dead: Int { states.dead }
    public var cancelled: Int { states.cancelled }
    /// Every task is done, dead or cancelled.
    public var isFinished: Bool { total > 0 && done + dead + cancelled >= total }
}

/// One entry of a queue's result stream.
public struct QueueEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case done, retry, dead, cancelled
    }

    /// The stream entry id; pass the last one back as the cursor.
    public let streamId: String
    public let kind: Kind
    public let taskId: String
    public let batchId: String
    public let attempt: Int
    /// The caller-provided compact event given to complete/fail, if any.
    public let payload: Data?
    /// The error of a retry/dead event.
    public let error: String?
    /// For a retry: when it will run again.
    public let retryAt: Date?

    public init(streamId: String, kind: Kind, taskId: String, batchId: String, attempt: Int, payload: Data?, error: String?, retryAt: Date?) {
        self.streamId = streamId
        self.kind = kind
        self.taskId = taskId
        self.batchId = batchId
        self.attempt = attempt
        self.payload = payload
        self.error = error
        self.retryAt = retryAt
    }
}

/// A page of events and the cursor to continue from.
public struct EventPage: Sendable {
    public let events: [QueueEvent]
    /// Pass to the next `readEvents(after:)`; unchanged when nothing arrived.
    public let cursor: String
}

/// A worker process as it announces itself in the registry.
public struct WorkerInfo: Sendable, Equatable {
    public var id: String
    public var hostname: String
    public var pid: Int
    public var queues: [String]
    /// Ids of the tasks it is running now.
    public var running: [String]
    public var startedAt: Date
    /// Set by the registry when read back.
    public var lastSeen: Date?

    public init(id: String, hostname: String, pid: Int, queues: [String], running: [String] = [], startedAt: Date = Date(), lastSeen: Date? = nil) {
        self.id = id
        self.hostname = hostname
        self.pid = pid
        self.queues = queues
        self.running = running
        self.startedAt = startedAt
        self.lastSeen = lastSeen
    }
}

/// What one maintenance pass over a queue moved.
public struct MaintenanceReport: Sendable, Equatable {
    /// Delayed and retry-waiting tasks made ready.
    public var promoted = 0
    /// Tasks whose lease expired, sent to the retry path.
    public var expiredRetried = 0
    /// Tasks whose lease expired with no attempts left, dead-lettered.
    public var expiredDead = 0

    public init(promoted: Int = 0, expiredRetried: Int = 0, expiredDead: Int = 0) {
        self.promoted = promoted
        self.expiredRetried = expiredRetried
        self.expiredDead = expiredDead
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(promoted: lhs.promoted + rhs.promoted,
             expiredRetried: lhs.expiredRetried + rhs.expiredRetried,
             expiredDead: lhs.expiredDead + rhs.expiredDead)
    }
}

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

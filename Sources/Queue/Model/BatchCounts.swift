import Foundation

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

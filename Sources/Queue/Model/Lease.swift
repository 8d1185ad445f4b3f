import Foundation

/// A reserved task and the proof of holding it. Heartbeat, complete, fail and release need the
/// token of the current attempt; a worker whose lease expired is refused with `.staleLease`.
public struct Lease: Sendable, Equatable {
    public let task: TaskEnvelope
    public let token: String
    /// When the lease runs out unless extended by a heartbeat (server clock).
    public var deadline: Date

    public init(task: TaskEnvelope, token: String, deadline: Date) {
        self.task = task
        self.token = token
        self.deadline = deadline
    }

    public var taskId: String { task.id }
    public var queue: String { task.queue }
    public var attempt: Int { task.attempt }
}

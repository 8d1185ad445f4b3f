import Foundation

/// A task as stored in Redis: the submitted fields plus the queue's bookkeeping.
public struct TaskEnvelope: Sendable, Equatable {
    public var id: String
    public var queue: String
    /// Empty for finished tasks: bodies are dropped when a task completes or is cancelled.
    public var payload: Data
    public var priority: Priority
    /// Number of the current (or last) attempt, starting at 1 on the first reservation.
    public var attempt: Int
    public var maxAttempts: Int
    public var timeoutSeconds: Double
    public var createdAt: Date
    public var enqueuedAt: Date
    public var batchId: String
    public var state: TaskState
    public var lastError: String?
    /// For delayed and retry-waiting tasks: when they become ready.
    public var runAt: Date?
    /// For dead and finished tasks: when they finished.
    public var finishedAt: Date?

    public init(
        id: String, queue: String, payload: Data, priority: Priority, attempt: Int, maxAttempts: Int,
        timeoutSeconds: Double, createdAt: Date, enqueuedAt: Date, batchId: String, state: TaskState,
        lastError: String? = nil, runAt: Date? = nil, finishedAt: Date? = nil
    ) {
        self.id = id
        self.queue = queue
        self.payload = payload
        self.priority = priority
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.timeoutSeconds = timeoutSeconds
        self.createdAt = createdAt
        self.enqueuedAt = enqueuedAt
        self.batchId = batchId
        self.state = state
        self.lastError = lastError
        self.runAt = runAt
        self.finishedAt = finishedAt
    }
}

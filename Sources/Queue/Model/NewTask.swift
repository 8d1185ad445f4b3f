import Foundation

/// A task to submit. The payload is opaque bytes (for agents: `AgentTask` JSON).
public struct NewTask: Sendable {
    /// Given by the submitter (makes re-submission idempotent), or generated when `nil`.
    public var id: String?
    public var payload: Data
    public var priority: Priority
    public var maxAttempts: Int
    /// The per-attempt run time limit the worker enforces.
    public var timeoutSeconds: Double
    /// Run at or after this time; `nil` means now.
    public var runAt: Date?

    public init(
        id: String? = nil,
        payload: Data,
        priority: Priority = .normal,
        maxAttempts: Int = 3,
        timeoutSeconds: Double = 600,
        runAt: Date? = nil
    ) {
        self.id = id
        self.payload = payload
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.timeoutSeconds = timeoutSeconds
        self.runAt = runAt
    }
}

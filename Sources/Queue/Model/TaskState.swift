/// Where a task is. The raw values are the field names of the per-queue and per-batch counts.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    /// In a ready list, waiting for a consumer.
    case queued
    /// Waiting for its run-at time.
    case delayed
    /// Reserved under a lease.
    case running
    /// An attempt failed; waiting for its retry time.
    case failed
    /// Completed.
    case done
    /// Failed permanently or ran out of attempts; kept in the dead-letter set.
    case dead
    /// Cancelled before it finished.
    case cancelled

    public var isFinal: Bool { self == .done || self == .dead || self == .cancelled }
}

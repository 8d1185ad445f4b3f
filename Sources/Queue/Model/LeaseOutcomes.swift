import Foundation

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

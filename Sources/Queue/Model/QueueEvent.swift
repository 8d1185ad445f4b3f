import Foundation

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

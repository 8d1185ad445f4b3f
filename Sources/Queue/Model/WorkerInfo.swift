import Foundation

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

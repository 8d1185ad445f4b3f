/// What one scheduler pass moved, over all its queues.
public struct TickReport: Sendable, Equatable {
    /// Delayed and retry-waiting tasks made ready.
    public var promoted: Int
    /// Running tasks whose lease expired, sent to the retry path (attempt counted).
    public var expiredRetried: Int
    /// Running tasks whose lease expired with no attempts left, dead-lettered.
    public var expiredDead: Int
    /// Queues visited.
    public var queues: Int

    public init(promoted: Int = 0, expiredRetried: Int = 0, expiredDead: Int = 0, queues: Int = 0) {
        self.promoted = promoted
        self.expiredRetried = expiredRetried
        self.expiredDead = expiredDead
        self.queues = queues
    }

    public var moved: Int { promoted + expiredRetried + expiredDead }
}

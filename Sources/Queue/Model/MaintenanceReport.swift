/// What one maintenance pass over a queue moved.
public struct MaintenanceReport: Sendable, Equatable {
    /// Delayed and retry-waiting tasks made ready.
    public var promoted = 0
    /// Tasks whose lease expired, sent to the retry path.
    public var expiredRetried = 0
    /// Tasks whose lease expired with no attempts left, dead-lettered.
    public var expiredDead = 0

    public init(promoted: Int = 0, expiredRetried: Int = 0, expiredDead: Int = 0) {
        self.promoted = promoted
        self.expiredRetried = expiredRetried
        self.expiredDead = expiredDead
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(promoted: lhs.promoted + rhs.promoted,
             expiredRetried: lhs.expiredRetried + rhs.expiredRetried,
             expiredDead: lhs.expiredDead + rhs.expiredDead)
    }
}

import Foundation

/// How long to wait before retry number `attempt`: `initial × multiplier^(attempt − 1)`, capped at
/// `maximum`, then scaled by a random factor from `jitter` so a fleet of processes that failed
/// together does not retry in lock-step. The one retry policy of every target (Redis reconnects
/// and outages, the scheduler, HTTP model endpoints, the submitter's wait).
public struct Backoff: Sendable, Hashable {
    public var initial: Double
    public var maximum: Double
    public var multiplier: Double
    public var jitter: ClosedRange<Double>

    public init(initial: Double, maximum: Double, multiplier: Double = 2, jitter: ClosedRange<Double> = 0.8...1.2) {
        self.initial = max(0, initial)
        self.maximum = max(0, maximum)
        self.multiplier = max(1, multiplier)
        self.jitter = jitter
    }

    /// The capped delay before retry `attempt` (1-based) without jitter; 0 for attempt 0 or less.
    public func baseDelay(attempt: Int) -> Double {
        guard attempt > 0 else { return 0 }
        // Past 64 doublings every sensible cap has been reached; stop before pow overflows.
        let grown = initial * pow(multiplier, Double(min(attempt - 1, 64)))
        return min(maximum, grown.isFinite ? grown : maximum)
    }

    /// The delay before retry `attempt`, jittered.
    public func delay(attempt: Int) -> Double {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let base = baseDelay(attempt: attempt)
        guard jitter.lowerBound < jitter.upperBound else { return base * jitter.lowerBound }
        return base * Double.random(in: jitter, using: &generator)
    }
}

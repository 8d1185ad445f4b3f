import Foundation

/// A one-way "please stop" flag that loops can also sleep on: `wait(seconds:)` returns early
/// when the signal is raised, so an interval loop shuts down at once instead of after its sleep.
public final class StopSignal: @unchecked Sendable {
    // @unchecked Sendable: `stopped` is only read and written while holding `condition`.
    private let condition = NSCondition()
    private var stopped = false

    public init() {}

    public var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps up to `seconds`; returns true if the signal was raised (before or during the wait).
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return stopped
    }
}

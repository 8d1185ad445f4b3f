import Foundation

/// Polls `condition` until it holds or `timeout` seconds pass, and says whether it held. Tests wait
/// for a state with this rather than sleeping a fixed time and hoping it was long enough.
@discardableResult
public func eventually(timeout: Double, every interval: Double = 0.01, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: interval)
    }
}

/// Lets `seconds` of wall-clock time pass, for tests whose subject is time itself (a delay falling
/// due, a lease or a key expiring). Not for waiting on another thread or process: use `eventually`.
public func letTimePass(_ seconds: Double) {
    Thread.sleep(forTimeInterval: max(0, seconds))
}

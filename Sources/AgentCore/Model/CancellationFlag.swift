import Synchronization

/// Set by the worker (timeout, cancel, shutdown); read by the engine between tokens and by the
/// agent loop between steps.
public final class CancellationFlag: Sendable {
    public enum Reason: UInt8, Sendable {
        case none = 0
        case timeout = 1
        case cancelled = 2
        case shutdown = 3
    }

    private let state = Atomic<UInt8>(0)

    public init() {}

    public var isCancelled: Bool { state.load(ordering: .relaxed) != 0 }
    public var reason: Reason { Reason(rawValue: state.load(ordering: .relaxed)) ?? .cancelled }

    public func cancel(_ reason: Reason = .cancelled) {
        _ = state.compareExchange(expected: 0, desired: reason.rawValue, ordering: .relaxed)
    }
}

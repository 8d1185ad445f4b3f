import AgentCore
import Foundation
import Queue

/// The tasks a worker is running now, by slot: what the heartbeat thread extends, times out
/// and cancels, and what shutdown cancels.
///
/// `@unchecked Sendable`: `entries` is only touched while holding `lock`; the flags inside are
/// themselves thread-safe.
final class InFlightRegistry: @unchecked Sendable {
    struct Entry {
        var lease: Lease
        let cancel: CancellationFlag
        let startedAt: Date
        let timeoutAt: Date?
        var lastExtended: Date
        /// The lease was lost (expired and handed on, or the task vanished): drop the result.
        var lost = false
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]
    private var shuttingDown = false

    /// Registers a slot's task; a task added after the grace period ended is cancelled at once.
    func add(slot: Int, lease: Lease, cancel: CancellationFlag, timeoutSeconds: Double) {
        let now = Date()
        lock.withLock {
            entries[slot] = Entry(lease: lease, cancel: cancel, startedAt: now,
                                  timeoutAt: timeoutSeconds > 0 ? now.addingTimeInterval(timeoutSeconds) : nil,
                                  lastExtended: now)
            if shuttingDown { cancel.cancel(.shutdown) }
        }
    }

    @discardableResult
    func remove(slot: Int) -> Entry? { lock.withLock { entries.removeValue(forKey: slot) } }

    func entry(slot: Int) -> Entry? { lock.withLock { entries[slot] } }

    var snapshot: [(slot: Int, entry: Entry)] {
        lock.withLock { entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    var count: Int { lock.withLock { entries.count } }
    var taskIds: [String] { lock.withLock { entries.values.map(\.lease.taskId).sorted() } }

    func extended(slot: Int, token: String, until deadline: Date) {
        lock.withLock {
            guard var entry = entries[slot], entry.lease.token == token else { return }
            entry.lease.deadline = deadline
            entry.lastExtended = Date()
            entries[slot] = entry
        }
    }

    func markLost(slot: Int, token: String) {
        lock.withLock {
            guard var entry = entries[slot], entry.lease.token == token else { return }
            entry.lost = true
            entries[slot] = entry
            entry.cancel.cancel(.cancelled)
        }
    }

    /// Cancels every task with `.shutdown`, and every task added later too.
    func cancelAllForShutdown() {
        lock.withLock {
            shuttingDown = true
            for entry in entries.values { entry.cancel.cancel(.shutdown) }
        }
    }
}

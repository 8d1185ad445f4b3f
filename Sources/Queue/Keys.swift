/// The one place Redis key names are made. Every key of a queue shares the `{queue}` hash tag,
/// so a queue lives in one Redis Cluster slot and its scripts may touch all of its keys.
///
/// Layout under prefix `P` (default `lumos:`), queue `q`:
/// - `P{q}:task:<id>`          hash: the task envelope and its state
/// - `P{q}:ready:high|normal|low` lists: ready task ids, LPUSH in, RPOP out (FIFO per priority)
/// - `P{q}:delayed`            sorted set: delayed and retry-waiting ids by due time (ms)
/// - `P{q}:leases`             sorted set: running ids by lease deadline (ms)
/// - `P{q}:dead`               sorted set: dead-lettered ids by time of death (ms)
/// - `P{q}:counts`             hash: tasks per state
/// - `P{q}:batch:<id>`         hash: a batch's total and tasks per state
/// - `P{q}:events`             stream: result events (done, retry, dead, cancelled)
/// - `P{q}:wake`               list: wake-up tokens for consumers blocked in BLPOP
/// - `P{q}:correct:<batch>:<item>` set: sample task ids of an item that ended correct (stop-after-correct)
/// - `P{workers}:…`            the worker registry; `Pqueues`: the set of queue names
public struct Keys: Sendable, Equatable {
    public let prefix: String

    public init(prefix: String = "lumos:") {
        self.prefix = prefix
    }

    /// The prefix every key of `queue` starts with; scripts build task and batch keys from it.
    public func queueBase(_ queue: String) -> String { "\(prefix){\(queue)}:" }

    public func task(_ id: String, in queue: String) -> String { queueBase(queue) + "task:" + id }
    public func ready(_ priority: Priority, in queue: String) -> String { queueBase(queue) + "ready:" + priority.rawValue }
    public func delayed(_ queue: String) -> String { queueBase(queue) + "delayed" }
    public func leases(_ queue: String) -> String { queueBase(queue) + "leases" }
    public func dead(_ queue: String) -> String { queueBase(queue) + "dead" }
    public func counts(_ queue: String) -> String { queueBase(queue) + "counts" }
    public func batch(_ id: String, in queue: String) -> String { queueBase(queue) + "batch:" + id }
    public func events(_ queue: String) -> String { queueBase(queue) + "events" }
    public func wake(_ queue: String) -> String { queueBase(queue) + "wake" }
    public func correctSamples(item: String, batch: String, in queue: String) -> String {
        queueBase(queue) + "correct:" + batch + ":" + item
    }

    public var workersBase: String { "\(prefix){workers}:" }
    public var workerIndex: String { workersBase + "index" }
    public func worker(_ id: String) -> String { workersBase + "w:" + id }
    public var queueNames: String { prefix + "queues" }
}

import Foundation

/// Prompt prefixes shared by the sessions of one process: the instruction and few-shot header that
/// every task of a module starts with is computed once, and each new session then holds its KV blocks
/// (shared, copied only where a session writes: see KVCache), as vLLM's prefix caching shares blocks.
///
/// It finds the shared header by itself: the first prompt is kept whole; when a later prompt diverges
/// from a kept one, the part they share is kept as an entry of its own, and that is what later
/// prompts start from. Entries are immutable snapshots; unused ones are evicted least recently used
/// once the byte budget is exceeded, or when the model's KV pool reaches its budget.
public final class PrefixCache: @unchecked Sendable {  // every mutable field is guarded by `lock`
    /// Enough for a few module headers of ~1,000 tokens on Gemma 3 270M (~18 MiB each).
    public static let defaultBudgetBytes = 256 << 20
    /// A shorter common prefix is not worth a copy: it is cheap to compute.
    public static let minimumReuse = 32

    public struct Statistics: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var reusedTokens = 0
        public var entries = 0
        public var bytes = 0
        public var evictions = 0
    }

    public let budgetBytes: Int
    /// How long a session waits at most for another one computing the same header.
    static let inFlightWait: TimeInterval = 120
    private let lock = NSCondition()
    private var entries: [(snapshot: KVSnapshot, lastUse: UInt64)] = []
    /// Prompts whose prefill has started and whose snapshot is not kept yet.
    private var inFlight: [Int: [Int32]] = [:]
    private var nextTicket = 0
    private var useClock: UInt64 = 0
    private var stats = Statistics()

    public init(budgetBytes: Int = PrefixCache.defaultBudgetBytes) {
        self.budgetBytes = max(0, budgetBytes)
    }

    public var statistics: Statistics {
        lock.withLock {
            var current = stats
            current.entries = entries.count
            return current
        }
    }

    /// The kept prefix that serves the longest start of `prompt` (at most `limit` tokens of it),
    /// when that beats `atLeast` tokens by a worthwhile margin.
    func lookup(_ prompt: [Int32], limit: Int, atLeast: Int, windows: [Int]) -> (KVSnapshot, Int)? {
        lock.withLock {
            var best: (index: Int, count: Int)?
            for (i, entry) in entries.enumerated() {
                var common = Self.commonPrefix(entry.snapshot.tokens, prompt, limit: limit)
                // A ring that no longer reaches the window before `common` cannot serve this prompt.
                if !entry.snapshot.canRestore(common, windows: windows) { common = 0 }
                if common > (best?.count ?? 0) { best = (i, common) }
            }
            guard let best, best.count >= max(Self.minimumReuse, atLeast + Self.minimumReuse) else {
                stats.misses += 1
                return nil
            }
            useClock += 1
            entries[best.index].lastUse = useClock
            stats.hits += 1
            stats.reusedTokens += best.count
            return (entries[best.index].snapshot, best.count)
        }
    }

    /// After a prefill of `prompt`: the length worth keeping from it, or nil when the kept entries
    /// already cover it. A prompt unlike any kept one is kept whole; one that diverges from a kept
    /// prompt part-way gives the shared part, the header the next prompts will start with.
    func lengthToKeep(for prompt: [Int32]) -> Int? {
        guard budgetBytes > 0, prompt.count >= Self.minimumReuse else { return nil }
        return lock.withLock {
            var best = 0
            var bestIsPrefix = false
            for entry in entries {
                let common = Self.commonPrefix(entry.snapshot.tokens, prompt, limit: prompt.count)
                if common > best || (common == best && common == entry.snapshot.count) {
                    best = common
                    bestIsPrefix = common == entry.snapshot.count
                }
            }
            if best < Self.minimumReuse { return prompt.count }
            if bestIsPrefix { return nil }  // a kept header already starts this prompt
            return best
        }
    }

    /// When another session is computing a prompt that shares a worthwhile start with `prompt` (more
    /// than `atLeast` tokens already at hand), waits until it is kept and returns true: looking up
    /// again then finds it. Otherwise registers `prompt` as being computed and returns false with a
    /// ticket for `finished`. Sessions that start together (a worker's slots, at start-up) then
    /// compute a module's header once instead of once each.
    func awaitOrClaim(_ prompt: [Int32], atLeast: Int) -> (waited: Bool, ticket: Int?) {
        guard budgetBytes > 0, prompt.count >= Self.minimumReuse else { return (false, nil) }
        lock.lock()
        defer { lock.unlock() }
        func sharing() -> Int? {
            inFlight.first { _, other in
                Self.commonPrefix(other, prompt, limit: prompt.count - 1) >= max(Self.minimumReuse, atLeast + Self.minimumReuse)
            }?.key
        }
        if let ticket = sharing() {
            let deadline = Date(timeIntervalSinceNow: Self.inFlightWait)
            while inFlight[ticket] != nil, lock.wait(until: deadline) {}
            return (true, nil)
        }
        nextTicket += 1
        inFlight[nextTicket] = prompt
        return (false, nextTicket)
    }

    /// The prompt of `ticket` is computed (and kept, if worth keeping) or failed.
    func finished(_ ticket: Int) {
        lock.lock()
        inFlight[ticket] = nil
        lock.broadcast()
        lock.unlock()
    }

    func insert(_ snapshot: KVSnapshot) {
        lock.withLock {
            guard snapshot.bytes <= budgetBytes,
                  !entries.contains(where: { $0.snapshot.tokens == snapshot.tokens }) else { return }
            useClock += 1
            entries.append((snapshot, useClock))
            stats.bytes += snapshot.bytes
            while stats.bytes > budgetBytes, removeLeastRecentlyUsed() != nil {}
        }
    }

    /// Makes `pool`, at its budget, evict this cache's entries least recently used first before it
    /// refuses a block to a running session.
    public func giveWay(in pool: KVBlockPool) {
        pool.addReclaimer { [weak self] in self?.evictLeastRecentlyUsed() ?? false }
    }

    /// Drops the least recently used entry (its blocks go back to the pool once no session holds
    /// them); false when there is none.
    func evictLeastRecentlyUsed() -> Bool {
        let victim = lock.withLock { removeLeastRecentlyUsed() }
        return victim != nil  // released here, outside the lock
    }

    /// The caller holds `lock`.
    private func removeLeastRecentlyUsed() -> KVSnapshot? {
        guard let index = entries.indices.min(by: { entries[$0].lastUse < entries[$1].lastUse }) else { return nil }
        stats.bytes -= entries[index].snapshot.bytes
        stats.evictions += 1
        return entries.remove(at: index).snapshot
    }

    static func commonPrefix(_ a: [Int32], _ b: [Int32], limit: Int) -> Int {
        let n = min(a.count, b.count, limit)
        var i = 0
        while i < n, a[i] == b[i] { i += 1 }
        return i
    }
}

import Foundation

/// The KV memory of every context of one model, in blocks of `blockCells` positions of one layer
/// (their keys and values, f16), as llama-server's and vLLM's paged caches are. Blocks are reference
/// counted: contexts that start from the same prompt prefix hold the prefix's blocks together with
/// the prefix-cache entry that kept them, and a block returns to the pool when the last holder drops
/// it. A holder writes a block only while it holds the only reference (KVCache copies a shared block
/// first), so shared blocks are never written.
public final class KVBlockPool: @unchecked Sendable {  // `spare`, `live` and `reclaimers` are guarded by `lock`
    /// Positions per block: small enough that a prompt wastes little of its last block, large enough
    /// that the attention kernel reads long runs of rows.
    public static let blockCells = 32
    /// Freed blocks kept for reuse beyond this are given back to the allocator.
    static let spareBytesKept = 64 << 20

    /// f16 values per position of one layer (KV heads × head dimension).
    public let rowLength: Int
    /// Bytes of one block: keys and values of `blockCells` positions.
    public let blockBytes: Int
    /// The most bytes all blocks in use may take; nil: no limit.
    public let budgetBytes: Int?
    /// f16 values of one block.
    private var blockValues: Int { blockBytes / MemoryLayout<UInt16>.size }

    private let lock = NSLock()
    private var spare: [UnsafeMutablePointer<UInt16>] = []
    private var live = 0
    private var reclaimers: [@Sendable () -> Bool] = []

    public init(rowLength: Int, budgetBytes: Int? = nil) {
        self.rowLength = rowLength
        blockBytes = 2 * Self.blockCells * rowLength * MemoryLayout<UInt16>.size
        self.budgetBytes = budgetBytes
    }

    deinit {
        spare.forEach { $0.deallocate() }
    }

    /// Blocks handed out and not yet given back.
    public var blocksInUse: Int { lock.withLock { live } }

    /// Called when the budget is reached, before giving up: frees what it can (a prefix cache evicts
    /// its least recently used entry: PrefixCache.giveWay(in:)) and returns false when it has nothing
    /// left to free.
    func addReclaimer(_ reclaim: @escaping @Sendable () -> Bool) {
        lock.withLock { reclaimers.append(reclaim) }
    }

    /// A block for one holder; its rows are whatever they were (every position is written before it is read).
    func allocate() throws -> KVBlock {
        while true {
            let (memory, reclaimers): (UnsafeMutablePointer<UInt16>?, [@Sendable () -> Bool]) = lock.withLock {
                if let budgetBytes, (live + 1) * blockBytes > budgetBytes { return (nil, self.reclaimers) }
                live += 1
                return (spare.popLast() ?? .allocate(capacity: blockValues), [])
            }
            if let memory { return KVBlock(pool: self, memory: memory) }
            // Outside the lock: what a reclaimer drops comes back through `recycle`.
            guard reclaimers.contains(where: { $0() }) else {
                let live = blocksInUse
                throw ModelError(
                    .kvBudgetExhausted,
                    "the KV cache budget of \((budgetBytes ?? 0) >> 20) MiB is taken by the running sessions (\(live) blocks of \(blockBytes >> 10) KiB); raise the budget (lumos-worker --kv-budget-mib) or run fewer sessions at once (--concurrency).")
            }
        }
    }

    /// A block holding the same rows as `block`, for a holder about to write it.
    func copy(of block: KVBlock) throws -> KVBlock {
        let fresh = try allocate()
        fresh.keys.update(from: block.keys, count: blockValues)
        return fresh
    }

    func recycle(_ memory: UnsafeMutablePointer<UInt16>) {
        lock.withLock {
            live -= 1
            if (spare.count + 1) * blockBytes <= Self.spareBytesKept {
                spare.append(memory)
            } else {
                memory.deallocate()
            }
        }
    }
}

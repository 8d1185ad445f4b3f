/// The keys and values of a prompt prefix, kept from one context so that others can start from them.
/// It holds the context's blocks rather than a copy: the context, and every context restored from
/// the snapshot, copies a shared block before writing it (KVCache.reserve), so the rows of a
/// snapshot never change and any number of sessions on any threads may start from it.
public final class KVSnapshot: @unchecked Sendable {  // immutable after init; its blocks are never written (see above)
    /// The prefix, position 0 first.
    public let tokens: [Int32]
    /// Per layer: the first position held. Global layers hold every position; a sliding-window layer
    /// holds only what its source still had.
    let first: [Int]
    /// Per layer: the blocks covering positions first ..< tokens.count (nil below).
    private let blocks: [[KVBlock?]]

    public var count: Int { tokens.count }
    /// Bytes of the blocks held (shared with the contexts that use them).
    public let bytes: Int

    /// Takes positions 0..<`tokens.count` of `cache`.
    init(tokens: [Int32], cache: KVCache) {
        self.tokens = tokens
        let length = tokens.count, b = KVCache.blockCells
        first = (0..<cache.layerCount).map { il in cache.ringCells[il] > 0 ? min(length, cache.oldest[il]) : 0 }
        var blocks: [[KVBlock?]] = []
        var held = 0
        for il in 0..<cache.layerCount {
            var layer = Array(cache.blocks[il][0..<((length + b - 1) / b)])
            for i in 0..<(first[il] / b) { layer[i] = nil }
            held += layer.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            blocks.append(layer)
        }
        self.blocks = blocks
        bytes = held * cache.pool.blockBytes + tokens.count * MemoryLayout<Int32>.size
    }

    /// Whether a context can continue after the first `count` positions of this snapshot: each ring
    /// needs the window before `count`.
    func canRestore(_ count: Int, windows: [Int]) -> Bool {
        count <= tokens.count
            && (0..<first.count).allSatisfy { il in windows[il] == 0 || first[il] <= max(0, count - windows[il]) }
    }

    /// Makes `cache` hold positions 0..<`count` of this snapshot, sharing its blocks.
    func restore(_ count: Int, into cache: KVCache) {
        let b = KVCache.blockCells
        for il in 0..<cache.layerCount {
            let ring = cache.ringCells[il]
            let from = max(first[il], ring > 0 ? count - ring : 0, 0)
            var layer = blocks[il][0..<((count + b - 1) / b)]
            for i in 0..<(from / b) { layer[i] = nil }
            cache.adopt(layer: il, layer)
            cache.oldest[il] = ring > 0 ? from : 0
        }
    }
}

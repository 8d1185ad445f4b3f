/// The keys and values of a prompt prefix, copied out of one context so that others can start from
/// them. Immutable once made: contexts copy rows out of it and never write into it, so any number of
/// sessions on any threads may fork from one snapshot.
public final class KVSnapshot: @unchecked Sendable {  // the buffers are written only in init
    /// The prefix, position 0 first.
    public let tokens: [Int32]
    /// Per layer: the first position held. Global layers hold every position; a sliding-window ring
    /// holds only what its source still had.
    let first: [Int]
    let rowLength: Int
    private let keys: [UnsafeMutablePointer<UInt16>]
    private let values: [UnsafeMutablePointer<UInt16>]

    public var count: Int { tokens.count }
    public let bytes: Int

    /// Copies positions 0..<`length` of `cache` (whose conversation holds `held` positions).
    init(tokens: [Int32], cache: KVCache, held: Int) {
        self.tokens = tokens
        let length = tokens.count
        rowLength = cache.rowLength
        first = (0..<cache.layerCount).map { il in
            let ring = cache.ringCells[il]
            // Positions from `held - ring` on overwrote their cells' older rows.
            return ring > 0 ? min(length, max(cache.oldest[il], held - ring, 0)) : 0
        }
        var keys: [UnsafeMutablePointer<UInt16>] = []
        var values: [UnsafeMutablePointer<UInt16>] = []
        var bytes = 0
        for il in 0..<cache.layerCount {
            let rows = length - first[il]
            let k = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, rows * rowLength))
            let v = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, rows * rowLength))
            for (i, p) in (first[il]..<length).enumerated() {
                let cell = cache.cell(layer: il, position: p) * rowLength
                (k + i * rowLength).update(from: cache.keys[il] + cell, count: rowLength)
                (v + i * rowLength).update(from: cache.values[il] + cell, count: rowLength)
            }
            keys.append(k)
            values.append(v)
            bytes += 2 * rows * rowLength * MemoryLayout<UInt16>.size
        }
        self.keys = keys
        self.values = values
        self.bytes = bytes + tokens.count * MemoryLayout<Int32>.size
    }

    deinit {
        keys.forEach { $0.deallocate() }
        values.forEach { $0.deallocate() }
    }

    /// Whether a context can continue after the first `count` positions of this snapshot: each ring
    /// needs the window before `count`.
    func canRestore(_ count: Int, windows: [Int]) -> Bool {
        count <= tokens.count
            && (0..<first.count).allSatisfy { il in windows[il] == 0 || first[il] <= max(0, count - windows[il]) }
    }

    /// Writes positions 0..<`count` into `cache` (already reserved for them).
    func restore(_ count: Int, into cache: KVCache) {
        for il in 0..<cache.layerCount {
            let ring = cache.ringCells[il]
            let from = max(first[il], ring > 0 ? count - ring : 0, 0)
            for p in from..<count {
                let cell = cache.cell(layer: il, position: p) * rowLength
                let row = (p - first[il]) * rowLength
                (cache.keys[il] + cell).update(from: keys[il] + row, count: rowLength)
                (cache.values[il] + cell).update(from: values[il] + row, count: rowLength)
            }
            cache.oldest[il] = ring > 0 ? from : 0
        }
    }
}

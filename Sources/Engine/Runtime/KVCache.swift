import CKernels

/// One conversation's keys and values, per layer in blocks from the model's KVBlockPool: block i of a
/// layer holds positions i × blockCells ..< (i + 1) × blockCells. Blocks may be shared with prefix-cache
/// entries and with other contexts that started from them; before positions are written, `reserve`
/// gives this cache a block of its own wherever it does not hold the only reference (copy on write).
/// A sliding-window layer only ever reads its last `window` positions, so it keeps `ringCells`
/// positions and gives older blocks back: at Gemma 3's 512-token window and an 8,192-token context
/// that is about a seventh of the memory.
final class KVCache {
    let layerCount: Int
    let rowLength: Int
    let maxCells: Int
    let pool: KVBlockPool
    /// Per layer: the positions a sliding-window layer keeps, 0 for a layer that keeps every position.
    let ringCells: [Int]
    /// Per layer: the sliding window the ring was sized for.
    let windows: [Int]
    /// Per layer: the blocks, nil where nothing is held.
    private(set) var blocks: [[KVBlock?]]
    /// Per layer: the key and value rows of `blocks`, as the attention kernel reads them.
    let keyTables: [UnsafeMutablePointer<UnsafePointer<UInt16>?>]
    let valueTables: [UnsafeMutablePointer<UnsafePointer<UInt16>?>]
    /// Per layer: the oldest position whose row is still held; every block wholly before it is nil. A
    /// ring gives positions older than `cells - ringCells` back when it reserves up to `cells`, and a
    /// cache restored from a snapshot holds only what the snapshot had.
    var oldest: [Int]

    static var blockCells: Int { KVBlockPool.blockCells }

    /// `windows[il]` is layer il's sliding window (0: none). A ring keeps the window, one micro-batch
    /// of `batch` new positions, and as much again as the window so that a conversation can step back
    /// (prefix reuse after a diverging reply) without losing the window it returns to.
    init(pool: KVBlockPool, layerCount: Int, maxCells: Int, windows: [Int] = [], batch: Int = 0) {
        self.pool = pool
        self.layerCount = layerCount
        rowLength = pool.rowLength
        self.maxCells = maxCells
        self.windows = (0..<layerCount).map { il in il < windows.count ? windows[il] : 0 }
        ringCells = self.windows.map { window in
            let ring = 2 * window + batch
            return window > 0 && ring < maxCells ? ring : 0
        }
        let tableLength = (maxCells + Self.blockCells - 1) / Self.blockCells
        blocks = Array(repeating: Array(repeating: nil, count: tableLength), count: layerCount)
        func table() -> UnsafeMutablePointer<UnsafePointer<UInt16>?> {
            let p = UnsafeMutablePointer<UnsafePointer<UInt16>?>.allocate(capacity: max(1, tableLength))
            p.initialize(repeating: nil, count: max(1, tableLength))
            return p
        }
        keyTables = (0..<layerCount).map { _ in table() }
        valueTables = (0..<layerCount).map { _ in table() }
        oldest = Array(repeating: 0, count: layerCount)
    }

    deinit {
        keyTables.forEach { $0.deallocate() }
        valueTables.forEach { $0.deallocate() }
    }

    /// Bytes of the blocks this cache holds (some may be shared with other holders).
    var bytes: Int { blocks.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == nil ? 0 : 1) } } * pool.blockBytes }

    /// Whether a conversation cut back to `count` positions can continue: every ring must still hold
    /// the window before the cut.
    func canResume(at count: Int) -> Bool {
        (0..<layerCount).allSatisfy { il in ringCells[il] == 0 || oldest[il] <= max(0, count - windows[il]) }
    }

    /// A new conversation starts at position 0: every block is given back.
    func forgetHistory() {
        for il in 0..<layerCount {
            oldest[il] = 0
            for i in blocks[il].indices where blocks[il][i] != nil { set(il, i, nil) }
        }
    }

    /// Makes positions `used` ..< `cells` writable: a block of its own for each (a fresh one, or a
    /// copy of one shared with another holder), and gives back what a ring no longer keeps.
    func reserve(_ cells: Int, used: Int) throws {
        guard cells > used else { return }
        let b = Self.blockCells
        for il in 0..<layerCount {
            if ringCells[il] > 0 {
                // The pass about to run reads at most a window before `used`; the ring keeps more.
                let keepFrom = max(0, cells - ringCells[il])
                for i in (oldest[il] / b)..<max(oldest[il] / b, keepFrom / b) where blocks[il][i] != nil { set(il, i, nil) }
                oldest[il] = max(oldest[il], keepFrom)
            }
            for i in (used / b)...((cells - 1) / b) {
                if var block = blocks[il][i] {
                    // Counted without the table's own reference, which goes back before anything can
                    // throw: a failed copy must not lose the positions the block already holds.
                    blocks[il][i] = nil
                    let unique = isKnownUniquelyReferenced(&block)
                    blocks[il][i] = block
                    if !unique { set(il, i, try pool.copy(of: block)) }
                } else {
                    set(il, i, try pool.allocate())
                }
            }
        }
    }

    /// Layer `il` holds `shared` in place of its own blocks: shared[i] for block i, nil where the
    /// source holds nothing and beyond its end.
    func adopt(layer il: Int, _ shared: ArraySlice<KVBlock?>) {
        for i in blocks[il].indices {
            let block = i < shared.count ? shared[shared.startIndex + i] : nil
            if block !== blocks[il][i] { set(il, i, block) }
        }
    }

    /// Writes one position, reserved before the pass (which already moved `oldest` past what a ring gives back).
    func store(layer: Int, position: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>) {
        let block = blocks[layer][position / Self.blockCells]!
        let offset = (position % Self.blockCells) * rowLength
        lumos_f32_to_f16_row(key, block.keys + offset, Int32(rowLength))
        lumos_f32_to_f16_row(value, block.values + offset, Int32(rowLength))
    }

    private func set(_ il: Int, _ i: Int, _ block: KVBlock?) {
        blocks[il][i] = block
        keyTables[il][i] = block.map { UnsafePointer($0.keys) }
        valueTables[il][i] = block.map { UnsafePointer($0.values) }
    }
}

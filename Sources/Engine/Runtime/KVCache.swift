import CKernels

/// Per-layer K and V rows in f16 (as llama.cpp stores them). A global layer keeps one cell per position
/// and grows by doubling up to `maxCells`, so a short conversation does not reserve the whole context.
/// A sliding-window layer only ever reads its last `window` positions, so it keeps a ring of
/// `ringCells` cells (position p in cell p mod ringCells): at Gemma 3's 512-token window and an
/// 8,192-token context that is about a seventh of the memory.
final class KVCache {
    let layerCount: Int
    let rowLength: Int
    let maxCells: Int
    /// Per layer: the ring size of a sliding-window layer, 0 for a layer that keeps every position.
    let ringCells: [Int]
    /// Per layer: the sliding window a ring was sized for.
    let windows: [Int]
    private(set) var capacities: [Int]
    private(set) var keys: [UnsafeMutablePointer<UInt16>]
    private(set) var values: [UnsafeMutablePointer<UInt16>]
    /// Per layer: the oldest position whose row is still held. A ring overwrites position p - ring
    /// when it stores p, and a cache restored from a snapshot holds only what the snapshot had.
    var oldest: [Int]

    /// `windows[il]` is layer il's sliding window (0: none). A ring holds the window, one micro-batch
    /// of `batch` new positions, and as much again as the window so that a conversation can step back
    /// (prefix reuse after a diverging reply) without losing the window it returns to.
    init(layerCount: Int, rowLength: Int, maxCells: Int, windows: [Int] = [], batch: Int = 0) {
        self.layerCount = layerCount
        self.rowLength = rowLength
        self.maxCells = maxCells
        self.windows = (0..<layerCount).map { il in il < windows.count ? windows[il] : 0 }
        ringCells = self.windows.map { window in
            let ring = 2 * window + batch
            return window > 0 && ring < maxCells ? ring : 0
        }
        capacities = Array(repeating: 0, count: layerCount)
        oldest = Array(repeating: 0, count: layerCount)
        keys = (0..<layerCount).map { _ in .allocate(capacity: 0) }
        values = (0..<layerCount).map { _ in .allocate(capacity: 0) }
    }

    deinit {
        keys.forEach { $0.deallocate() }
        values.forEach { $0.deallocate() }
    }

    var bytes: Int { 2 * capacities.reduce(0, +) * rowLength * 2 }

    /// The cell of `position` in layer `layer`.
    func cell(layer: Int, position: Int) -> Int {
        let ring = ringCells[layer]
        return ring > 0 ? position % ring : position
    }

    /// Whether a conversation cut back to `count` positions can continue: every ring must still hold
    /// the window before the cut.
    func canResume(at count: Int) -> Bool {
        (0..<layerCount).allSatisfy { il in ringCells[il] == 0 || oldest[il] <= max(0, count - windows[il]) }
    }

    /// A new conversation starts at position 0: nothing older is missing.
    func forgetHistory() {
        for il in 0..<layerCount { oldest[il] = 0 }
    }

    /// Makes room for `cells` positions, keeping the first `used` of them.
    func reserve(_ cells: Int, used: Int) {
        for il in 0..<layerCount {
            let limit = ringCells[il] > 0 ? ringCells[il] : maxCells
            let need = min(cells, limit)
            guard need > capacities[il] else { continue }
            var newCapacity = max(256, capacities[il])
            while newCapacity < need { newCapacity *= 2 }
            newCapacity = min(max(newCapacity, need), limit)
            // A ring grows only before it wraps, so its first `used` cells are positions 0..<used.
            let kept = min(used, capacities[il]) * rowLength
            func grow(_ old: UnsafeMutablePointer<UInt16>) -> UnsafeMutablePointer<UInt16> {
                let p = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity * rowLength)
                p.update(from: old, count: kept)
                old.deallocate()
                return p
            }
            keys[il] = grow(keys[il])
            values[il] = grow(values[il])
            capacities[il] = newCapacity
        }
    }

    func store(layer: Int, position: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>) {
        if ringCells[layer] > 0 { oldest[layer] = max(oldest[layer], position - ringCells[layer] + 1) }
        let offset = cell(layer: layer, position: position) * rowLength
        lumos_f32_to_f16_row(key, keys[layer] + offset, Int32(rowLength))
        lumos_f32_to_f16_row(value, values[layer] + offset, Int32(rowLength))
    }
}

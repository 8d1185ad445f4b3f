import CKernels

/// Per-layer K and V rows in f16 (as llama.cpp stores them), one cell per position. Grows by doubling up to
/// `maxCells`, so a short conversation does not reserve the whole context.
final class KVCache {
    let layerCount: Int
    let rowLength: Int
    let maxCells: Int
    private(set) var capacity = 0
    private(set) var keys: [UnsafeMutablePointer<UInt16>] = []
    private(set) var values: [UnsafeMutablePointer<UInt16>] = []

    init(layerCount: Int, rowLength: Int, maxCells: Int) {
        self.layerCount = layerCount
        self.rowLength = rowLength
        self.maxCells = maxCells
    }

    deinit {
        keys.forEach { $0.deallocate() }
        values.forEach { $0.deallocate() }
    }

    var bytes: Int { 2 * layerCount * capacity * rowLength * 2 }

    /// Makes room for `cells` cells, keeping the first `used` of them.
    func reserve(_ cells: Int, used: Int) {
        guard cells > capacity else { return }
        var newCapacity = max(256, capacity)
        while newCapacity < cells { newCapacity *= 2 }
        newCapacity = min(max(newCapacity, cells), maxCells)
        func grow(_ old: [UnsafeMutablePointer<UInt16>]) -> [UnsafeMutablePointer<UInt16>] {
            (0..<layerCount).map { il in
                let p = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity * rowLength)
                if il < old.count {
                    p.update(from: old[il], count: used * rowLength)
                    old[il].deallocate()
                }
                return p
            }
        }
        keys = grow(keys)
        values = grow(values)
        capacity = newCapacity
    }

    func store(layer: Int, cell: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>) {
        lumos_f32_to_f16_row(key, keys[layer] + cell * rowLength, Int32(rowLength))
        lumos_f32_to_f16_row(value, values[layer] + cell * rowLength, Int32(rowLength))
    }
}

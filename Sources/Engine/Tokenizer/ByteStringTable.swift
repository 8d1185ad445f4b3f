/// Byte strings numbered 0..<count with an open-addressing index from bytes to number.
///
/// Swift `String` keys compare by canonical equivalence, so two vocabulary entries that differ only in Unicode
/// normalisation would collide; the tokenizer needs exact byte identity, as llama.cpp's `std::string` maps have.
struct ByteStringTable: Sendable {
    private var storage: [UInt8] = []
    private var offsets: [Int32] = [0]
    private var slots: [Int32]
    private let mask: Int

    /// `keepFirst`: on duplicate strings the first number wins (BPE merge ranks); otherwise the last one
    /// (llama.cpp's `token_to_id[text] = id`).
    init(_ strings: [String], keepFirst: Bool) {
        var capacity = 16
        while capacity < strings.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = [Int32](repeating: -1, count: capacity)
        storage.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
        offsets.reserveCapacity(strings.count + 1)
        for s in strings {
            storage.append(contentsOf: s.utf8)
            offsets.append(Int32(storage.count))
        }
        for id in 0..<strings.count {
            let start = Int(offsets[id])
            let end = Int(offsets[id + 1])
            let slot = storage.withUnsafeBufferPointer { buffer in
                findSlot(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            }
            if slots[slot] < 0 || !keepFirst { slots[slot] = Int32(id) }
        }
    }

    var count: Int { offsets.count - 1 }

    func bytes(_ id: Int) -> ArraySlice<UInt8> {
        storage[Int(offsets[id])..<Int(offsets[id + 1])]
    }

    func length(_ id: Int) -> Int { Int(offsets[id + 1] - offsets[id]) }

    /// The number of `key`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let id = slots[findSlot(key)]
        return id >= 0 ? id : nil
    }

    func find(_ key: [UInt8]) -> Int32? {
        key.withUnsafeBufferPointer { find($0) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func findSlot(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        return storage.withUnsafeBufferPointer { all in
            while true {
                let id = Int(slots[slot])
                if id < 0 { return slot }
                let start = Int(offsets[id])
                let end = Int(offsets[id + 1])
                if end - start == key.count, memcmpEqual(all.baseAddress! + start, key.baseAddress, key.count) {
                    return slot
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
    guard n > 0, let b else { return true }
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}

/// One block of a KVBlockPool: keys of its positions, then their values.
final class KVBlock: @unchecked Sendable {  // written only by a holder of the only reference (see KVBlockPool)
    let pool: KVBlockPool
    let keys: UnsafeMutablePointer<UInt16>
    var values: UnsafeMutablePointer<UInt16> { keys + KVBlockPool.blockCells * pool.rowLength }

    init(pool: KVBlockPool, memory: UnsafeMutablePointer<UInt16>) {
        self.pool = pool
        keys = memory
    }

    deinit { pool.recycle(keys) }
}

import CKernels
import Foundation

/// The engine's own worker threads (a C pool that spins briefly, then sleeps). One forward pass at a
/// time uses all of them: contexts take `lock` for the duration of a pass.
public final class ThreadPool: @unchecked Sendable {  // the C pool is only driven while `lock` is held
    let handle: OpaquePointer
    public let threadCount: Int
    let lock = NSLock()

    public init(threads: Int) {
        threadCount = max(1, threads)
        handle = lumos_pool_create(Int32(threadCount))
    }

    deinit { lumos_pool_destroy(handle) }

    /// Cores this process may use (the affinity mask, so a CPU-limited container is respected).
    public static var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    func withExclusiveAccess<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

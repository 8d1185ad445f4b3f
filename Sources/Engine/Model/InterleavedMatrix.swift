import CKernels
import Foundation

/// A Q8_0, Q5_0, Q4_K or Q6_K matrix repacked eight rows at a time for the AVX2 kernels
/// (`lumos_x8_repack`): on a CPU without AVX-512 VNNI they multiply it two to six times faster than
/// the file's layout, for one token or many, and every token's result is the same however many
/// share the pass.
///
/// The file's pages of a repacked matrix are released after copying (`MADV_DONTNEED` on the
/// read-only shared mapping), so the process holds one copy: the repacked one. A tied embedding
/// reads its lookup rows from the copy too (`Weight.dequantizeRow`), so those pages stay released.
///
/// `@unchecked Sendable`: the buffer is written once in `init` and only read afterwards; it is freed
/// when the last weight that refers to it goes away.
final class InterleavedMatrix: @unchecked Sendable {
    let type: Int32
    let data: UnsafeMutableRawPointer

    /// Nil when this CPU keeps the file's layout for `weight` (other types, VNNI or NEON, rows not a
    /// multiple of eight), when `LUMOS_NO_REPACK` is set, or when the memory cannot be had.
    init?(_ weight: Weight) {
        // Like llama.cpp's --no-repack: the file's layout everywhere, to compare or to save the copy time.
        guard ProcessInfo.processInfo.environment["LUMOS_NO_REPACK"] == nil else { return nil }
        let x8 = lumos_x8_type(Int32(weight.type.rawValue), Int32(weight.rows), Int32(weight.columns))
        guard x8 != 0 else { return nil }
        let bytes = lumos_x8_bytes(x8, Int32(weight.rows), Int32(weight.columns))
        guard let buffer = UnsafeMutableRawPointer(aligned_alloc(64, (bytes + 63) / 64 * 64)) else { return nil }
        type = x8
        data = buffer
        // In slices, each released once copied, so the file's pages and the copy never both peak.
        // On one thread: slices on every core loaded the bundled model 0.25 s sooner, but that was
        // measured together with a memory rise whose cause (norms read from the mapping) was found
        // later, and the parallel form was not measured again.
        let slice = 4096
        var row = 0
        while row < weight.rows {
            let end = min(row + slice, weight.rows)
            lumos_x8_repack(x8, weight.data, weight.rowBytes, Int32(row), Int32(end), Int32(weight.columns), buffer)
            Self.release(weight.row(row), bytes: (end - row) * weight.rowBytes)
            row = end
        }
    }

    deinit { free(data) }

    /// Drops the whole pages inside `bytes` at `start` from this process (the file keeps them).
    private static func release(_ start: UnsafeRawPointer, bytes: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let last = (Int(bitPattern: start) + bytes) / page * page
        guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, last - first, MADV_DONTNEED)
    }
}

import CKernels
import Testing

/// Q8_0, Q5_0, Q4_K and Q6_K matrices repacked eight rows at a time (the AVX2 path on CPUs without VNNI): the
/// same products as the file's layout, and each token's result independent of the batch it is in.
struct InterleavedMatmulTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let type: Int32
        let rows: Int
        let n: Int
        var testDescription: String { "type \(type), \(rows) × \(n)" }
    }

    /// Random weights in the file's layout, activations quantised for them, and the interleaved copy
    /// (nil where this CPU keeps the file's layout: VNNI, NEON, scalar).
    struct Fixture {
        let weights: [UInt8]
        let rowBytes: Int
        let x8Type: Int32
        let interleaved: UnsafeMutableRawPointer
        let activations: [UInt8]
        let actRow: Int

        init?(_ c: Case, tokens: Int) {
            let x8 = lumos_x8_type(c.type, Int32(c.rows), Int32(c.n))
            guard x8 != 0 else { return nil }
            var rng = SystemRandomNumberGenerator()
            let bytes = Int(lumos_type_block_bytes(c.type)) * c.n / Int(lumos_type_block_size(c.type))
            let w = (0..<c.rows).flatMap { _ in KernelTests.randomRow(type: c.type, n: c.n, rng: &rng) }
            let packed = UnsafeMutableRawPointer.allocate(byteCount: lumos_x8_bytes(x8, Int32(c.rows), Int32(c.n)), alignment: 64)
            w.withUnsafeBytes { lumos_x8_repack(x8, $0.baseAddress, bytes, 0, Int32(c.rows), Int32(c.n), packed) }
            let x = (0..<(c.n * tokens)).map { _ in Float.random(in: -1...1, using: &rng) }
            let row = lumos_act_row_bytes(c.type, Int32(c.n))
            var quantized = [UInt8](repeating: 0, count: row * tokens)
            lumos_quantize_act(c.type, x, Int32(tokens), Int32(c.n), &quantized)
            (x8Type, rowBytes, weights, interleaved, actRow, activations) = (x8, bytes, w, packed, row, quantized)
        }

        /// out[t][r] for tokens first ..< first + count of the activations, through the thread pool.
        func matmul(_ c: Case, first: Int, count: Int, pool: OpaquePointer) -> [Float] {
            var out = [Float](repeating: .nan, count: c.rows * count)
            activations.withUnsafeBytes { xp in
                out.withUnsafeMutableBufferPointer { op in
                    var desc = lumos_matmul_desc(
                        type: x8Type, w: interleaved, w_row_bytes: rowBytes, n_rows: Int32(c.rows), n_cols: Int32(c.n),
                        x: xp.baseAddress! + first * actRow, x_row_bytes: actRow, n_tokens: Int32(count),
                        out: op.baseAddress, out_stride: c.rows)
                    lumos_matmul(pool, &desc)
                }
            }
            return out
        }
    }

    static let cases = [Case(type: 8, rows: 64, n: 640), Case(type: 8, rows: 24, n: 544), Case(type: 6, rows: 64, n: 640),
                        Case(type: 6, rows: 40, n: 544), Case(type: 12, rows: 64, n: 512), Case(type: 12, rows: 16, n: 1024),
                        Case(type: 14, rows: 64, n: 512), Case(type: 14, rows: 16, n: 768)]

    @Test(arguments: cases)
    func interleavedProductsMatchTheFileLayoutsDotProducts(c: Case) throws {
        let tokens = 5
        guard let f = Fixture(c, tokens: tokens) else { return }  // this CPU keeps the file's layout
        defer { f.interleaved.deallocate() }
        let pool = try #require(lumos_pool_create(2))
        defer { lumos_pool_destroy(pool) }
        let out = f.matmul(c, first: 0, count: tokens, pool: pool)
        for r in 0..<c.rows {
            for t in 0..<tokens {
                let expected = f.weights.withUnsafeBytes { wp in
                    f.activations.withUnsafeBytes { xp in
                        lumos_vec_dot_scalar(c.type, Int32(c.n), wp.baseAddress! + r * f.rowBytes, xp.baseAddress! + t * f.actRow)
                    }
                }
                // Both sum exact integer block products; only the float accumulation order differs.
                #expect(abs(out[t * c.rows + r] - expected) <= 1e-4 * max(1, abs(expected)), "type \(c.type) row \(r) token \(t)")
            }
        }
    }

    /// A tied embedding's lookups read the copy.
    @Test(arguments: cases)
    func rowsReadBackFromTheCopyEqualTheFilesRows(c: Case) {
        guard let f = Fixture(c, tokens: 1) else { return }
        defer { f.interleaved.deallocate() }
        var fromFile = [Float](repeating: 0, count: c.n), fromCopy = [Float](repeating: .nan, count: c.n)
        for r in 0..<c.rows {
            f.weights.withUnsafeBytes { lumos_dequantize_row(c.type, $0.baseAddress! + r * f.rowBytes, &fromFile, Int32(c.n)) }
            lumos_x8_dequantize_row(f.x8Type, f.interleaved, Int32(r), Int32(c.n), &fromCopy)
            #expect(fromCopy.map(\.bitPattern) == fromFile.map(\.bitPattern), "type \(c.type) row \(r)")
        }
    }

    @Test(arguments: cases)
    func eachTokenGetsTheSameBitsAloneAndInEveryBatchSize(c: Case) throws {
        let tokens = 16
        guard let f = Fixture(c, tokens: tokens) else { return }
        defer { f.interleaved.deallocate() }
        let pool = try #require(lumos_pool_create(2))
        defer { lumos_pool_destroy(pool) }
        let alone = (0..<tokens).map { f.matmul(c, first: $0, count: 1, pool: pool) }
        for size in [2, 3, 4, 7, 16] {
            for first in stride(from: 0, to: tokens - size + 1, by: size) {
                let batch = f.matmul(c, first: first, count: size, pool: pool)
                for t in 0..<size {
                    let bits = batch[(t * c.rows)..<((t + 1) * c.rows)].map(\.bitPattern)
                    #expect(bits == alone[first + t].map(\.bitPattern), "type \(c.type) batch of \(size), token \(first + t)")
                }
            }
        }
    }
}

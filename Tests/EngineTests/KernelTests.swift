import CKernels
import Foundation
import Testing

/// Dequantisation and dot-product kernels against values computed by the `gguf` PyPI package
/// (Tests/Fixtures/engine/make_dequant_fixtures.py) and against the scalar reference kernels.
struct KernelTests {
    static let fixtureTypes: [(name: String, id: Int32)] = [
        ("F32", 0), ("F16", 1), ("BF16", 30), ("Q4_0", 2), ("Q4_1", 3), ("Q5_0", 6), ("Q5_1", 7), ("Q8_0", 8),
        ("Q2_K", 10), ("Q3_K", 11), ("Q4_K", 12), ("Q5_K", 13), ("Q6_K", 14),
    ]

    static var fixtureDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/engine/dequant").standardized
    }

    @Test(arguments: fixtureTypes)
    func dequantisationMatchesGGUFPackage(type: (name: String, id: Int32)) throws {
        let raw = try Data(contentsOf: Self.fixtureDirectory.appendingPathComponent("\(type.name).bin"))
        let expectedData = try Data(contentsOf: Self.fixtureDirectory.appendingPathComponent("\(type.name).f32"))
        let expected = expectedData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        var output = [Float](repeating: .nan, count: expected.count)
        raw.withUnsafeBytes { src in
            lumos_dequantize_row(type.id, src.baseAddress, &output, Int32(expected.count))
        }
        var worst: Float = 0
        for (a, b) in zip(output, expected) {
            worst = max(worst, abs(a - b) / max(1e-6, abs(b)))
        }
        #expect(worst < 1e-5, "\(type.name): worst relative error \(worst)")
    }

    static let dotTypes: [Int32] = [0, 1, 30, 2, 3, 6, 7, 8, 10, 11, 12, 13, 14]

    /// Random weight rows: random bytes with sane f16 scales, built per type like the fixture script.
    static func randomRow(type: Int32, n: Int, rng: inout SystemRandomNumberGenerator) -> [UInt8] {
        let blockSize = Int(lumos_type_block_size(type)), blockBytes = Int(lumos_type_block_bytes(type))
        let blocks = n / blockSize
        var bytes = (0..<(blocks * blockBytes)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        func putHalf(_ v: Float, at offset: Int) {
            let h = lumos_fp32_to_fp16(v)
            bytes[offset] = UInt8(h & 0xFF)
            bytes[offset + 1] = UInt8(h >> 8)
        }
        let halfOffsets: [Int32: [Int]] = [2: [0], 3: [0, 2], 6: [0], 7: [0, 2], 8: [0], 10: [80, 82], 11: [108], 12: [0, 2], 13: [0, 2], 14: [208]]
        switch type {
        case 0:
            return (0..<n).flatMap { _ in withUnsafeBytes(of: Float.random(in: -1...1, using: &rng).bitPattern.littleEndian, Array.init) }
        case 1:
            return (0..<n).flatMap { _ in withUnsafeBytes(of: lumos_fp32_to_fp16(Float.random(in: -1...1, using: &rng)).littleEndian, Array.init) }
        case 30:
            return (0..<n).flatMap { _ in withUnsafeBytes(of: UInt16(Float.random(in: -1...1, using: &rng).bitPattern >> 16).littleEndian, Array.init) }
        default:
            for b in 0..<blocks {
                for (i, offset) in (halfOffsets[type] ?? []).enumerated() {
                    putHalf(i == 0 ? Float.random(in: -0.05...0.05, using: &rng) : Float.random(in: 0...0.02, using: &rng), at: b * blockBytes + offset)
                }
            }
            return bytes
        }
    }

    @Test(arguments: dotTypes)
    func simdDotProductMatchesScalarAndDequantisedReference(type: Int32) {
        var rng = SystemRandomNumberGenerator()
        let n = 512
        let w = Self.randomRow(type: type, n: n, rng: &rng)
        let x = (0..<n).map { _ in Float.random(in: -2...2, using: &rng) }
        var xq = [UInt8](repeating: 0, count: lumos_act_row_bytes(type, Int32(n)))
        lumos_quantize_act(type, x, 1, Int32(n), &xq)
        let simd = lumos_vec_dot(type, Int32(n), w, xq)
        let scalar = lumos_vec_dot_scalar(type, Int32(n), w, xq)
        var wf = [Float](repeating: 0, count: n)
        lumos_dequantize_row(type, w, &wf, Int32(n))
        let reference = zip(wf, x).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let magnitude = zip(wf, x).reduce(Float(0)) { $0 + abs($1.0 * $1.1) }
        #expect(abs(simd - scalar) <= 1e-4 * max(1, magnitude), "type \(type): simd \(simd) scalar \(scalar)")
        // Activation quantisation to 8 bits costs about 1% of the summed magnitudes at most.
        #expect(abs(simd - reference) <= 0.02 * max(1, magnitude), "type \(type): simd \(simd) reference \(reference)")
    }

    /// Bit for bit, so that a prompt's keys and values do not depend on how it was split into batches
    /// (prefix reuse and the shared prefix cache must give the cold run's logits).
    @Test(arguments: dotTypes)
    func fourTokenKernelGivesTheSingleTokenKernelsResultsBitForBit(type: Int32) {
        var rng = SystemRandomNumberGenerator()
        // 544 is an odd number of 32-element blocks: the single-row kernels treat the last one apart.
        for n in lumos_type_block_size(type) == 32 ? [512, 544] : [512] {
            let w = Self.randomRow(type: type, n: n, rng: &rng)
            let x = (0..<(4 * n)).map { _ in Float.random(in: -2...2, using: &rng) }
            let rowBytes = lumos_act_row_bytes(type, Int32(n))
            var xq = [UInt8](repeating: 0, count: 4 * rowBytes)
            lumos_quantize_act(type, x, 4, Int32(n), &xq)
            var out4 = [Float](repeating: 0, count: 4)
            guard lumos_vec_dot4(type, Int32(n), w, xq, rowBytes, &out4) != 0 else { return }
            for t in 0..<4 {
                let single = xq.withUnsafeBytes { lumos_vec_dot(type, Int32(n), w, $0.baseAddress! + t * rowBytes) }
                #expect(out4[t].bitPattern == single.bitPattern, "type \(type) n \(n) token \(t): \(out4[t]) vs \(single)")
            }
        }
    }

    /// Row counts of 96 take the tiled prefill GEMM where the CPU has it; 100 takes the generic path.
    /// One token of Q8_0, Q5_0 or Q4_0 with an even block count takes the decode GEMV where the CPU has
    /// it; odd block counts take the generic path.
    @Test(arguments: [(Int32(8), 100, 11, 512), (8, 96, 11, 512), (2, 96, 11, 512), (6, 96, 11, 512), (12, 96, 11, 512),
                      (14, 100, 11, 512), (14, 96, 11, 512), (8, 100, 1, 544), (8, 100, 1, 512), (6, 64, 1, 512),
                      (6, 101, 1, 640), (6, 101, 1, 544), (2, 101, 1, 640), (8, 1000, 1, 640)])
    func matmulOnThreadPoolEqualsRowByRowDotProducts(type: Int32, rows: Int, tokens: Int, n: Int) {
        var rng = SystemRandomNumberGenerator()
        let rowBytes = Int(lumos_type_block_bytes(type)) * n / Int(lumos_type_block_size(type))
        let w = (0..<rows).flatMap { _ in Self.randomRow(type: type, n: n, rng: &rng) }
        let x = (0..<(n * tokens)).map { _ in Float.random(in: -1...1, using: &rng) }
        let xRow = lumos_act_row_bytes(type, Int32(n))
        var xq = [UInt8](repeating: 0, count: xRow * tokens)
        lumos_quantize_act(type, x, Int32(tokens), Int32(n), &xq)
        var out = [Float](repeating: 0, count: rows * tokens)
        let pool = lumos_pool_create(2)
        defer { lumos_pool_destroy(pool) }
        w.withUnsafeBytes { wp in
            xq.withUnsafeBytes { xp in
                out.withUnsafeMutableBufferPointer { op in
                    var desc = lumos_matmul_desc(
                        type: type, w: wp.baseAddress, w_row_bytes: rowBytes, n_rows: Int32(rows), n_cols: Int32(n),
                        x: xp.baseAddress, x_row_bytes: xRow, n_tokens: Int32(tokens), out: op.baseAddress, out_stride: rows)
                    lumos_matmul(pool, &desc)
                }
            }
        }
        // Kernels sum in different orders: allow float rounding relative to the summed magnitudes.
        var wf = [Float](repeating: 0, count: n)
        for r in 0..<rows {
            w.withUnsafeBytes { lumos_dequantize_row(type, $0.baseAddress! + r * rowBytes, &wf, Int32(n)) }
            for t in 0..<tokens {
                let expected = w.withUnsafeBytes { wp in
                    xq.withUnsafeBytes { xp in
                        lumos_vec_dot(type, Int32(n), wp.baseAddress! + r * rowBytes, xp.baseAddress! + t * xRow)
                    }
                }
                let magnitude = (0..<n).reduce(Float(0)) { $0 + abs(wf[$1] * x[t * n + $1]) }
                #expect(abs(out[t * rows + r] - expected) <= 1e-5 * magnitude + 1e-5, "type \(type) row \(r) token \(t)")
            }
        }
    }

    /// The eight-at-a-time GeGLU (F16C table index) gives what one value at a time gives.
    @Test func gegluGivesTheSameBitsInBulkAsOneValueAtATime() {
        var rng = SystemRandomNumberGenerator()
        let gate = (0..<4099).map { i -> Float in
            i % 97 == 0 ? Float.leastNonzeroMagnitude * Float(i) : Float.random(in: -12...12, using: &rng) }
        let up = (0..<gate.count).map { _ in Float.random(in: -2...2, using: &rng) }
        var bulk = [Float](repeating: .nan, count: gate.count)
        lumos_geglu(gate, up, &bulk, Int32(gate.count))
        for i in gate.indices {
            var one: Float = .nan
            lumos_geglu([gate[i]], [up[i]], &one, 1)
            #expect(bulk[i].bitPattern == one.bitPattern, "gate \(gate[i])")
        }
    }

    @Test func halfPrecisionConversionRoundTripsExactly() {
        for bits in stride(from: 0, through: 0xFFFF, by: 7) where (bits & 0x7C00) != 0x7C00 {
            let f = lumos_fp16_to_fp32(UInt16(bits))
            #expect(lumos_fp32_to_fp16(f) == UInt16(bits))
            #expect(Float(Float16(bitPattern: UInt16(bits))) == f)
        }
    }
}

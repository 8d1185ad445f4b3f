import CKernels
import Foundation
import TestSupport
import Testing

/// The blocked attention kernel against a direct computation: causal masking, sliding windows, GQA
/// groups, query blocks that straddle the window edge, one or two threads, decoding over a long
/// context with the keys split across threads, and caches in blocks of several sizes, with the blocks
/// before a sliding window given back.
struct AttentionKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let heads, kvHeads, headDim, tokens, pos0, window, threads: Int
        var blockCells = 32
        var testDescription: String {
            "\(heads)/\(kvHeads) heads, \(tokens) tokens at \(pos0), window \(window), blocks of \(blockCells), \(threads) threads"
        }
    }

    static let cases = [
        Case(heads: 4, kvHeads: 2, headDim: 16, tokens: 11, pos0: 3, window: 0, threads: 2),
        Case(heads: 4, kvHeads: 2, headDim: 16, tokens: 19, pos0: 0, window: 5, threads: 2),
        Case(heads: 4, kvHeads: 1, headDim: 32, tokens: 1, pos0: 20, window: 4, threads: 2),
        Case(heads: 2, kvHeads: 2, headDim: 8, tokens: 9, pos0: 7, window: 0, threads: 1),
        // One decoded token over a long context: the keys are split into segments across threads.
        Case(heads: 4, kvHeads: 1, headDim: 32, tokens: 1, pos0: 700, window: 0, threads: 2),
        Case(heads: 4, kvHeads: 1, headDim: 32, tokens: 1, pos0: 700, window: 300, threads: 2),
        Case(heads: 4, kvHeads: 2, headDim: 16, tokens: 1, pos0: 1000, window: 0, threads: 2),
        // Blocks that do not divide the window, whose earliest ones (before the window) are gone.
        Case(heads: 4, kvHeads: 1, headDim: 16, tokens: 13, pos0: 40, window: 8, threads: 2, blockCells: 5),
        Case(heads: 4, kvHeads: 1, headDim: 32, tokens: 1, pos0: 700, window: 300, threads: 2, blockCells: 7),
        Case(heads: 2, kvHeads: 2, headDim: 8, tokens: 9, pos0: 7, window: 0, threads: 2, blockCells: 1),
    ]

    @Test(arguments: cases)
    func blockedAttentionEqualsDirectSoftmaxOverVisibleKeys(c: Case) {
        var rng = SeededGenerator(state: 42)
        let qd = c.heads * c.headDim, kvd = c.kvHeads * c.headDim, cells = c.pos0 + c.tokens
        let q = (0..<(c.tokens * qd)).map { _ in Float.random(in: -1...1, using: &rng) }
        let k = (0..<(cells * kvd)).map { _ in lumos_fp32_to_fp16(Float.random(in: -1...1, using: &rng)) }
        let v = (0..<(cells * kvd)).map { _ in lumos_fp32_to_fp16(Float.random(in: -1...1, using: &rng)) }
        // What the kernel sees: block i holds positions i × blockCells ..< (i + 1) × blockCells; blocks
        // wholly before the first query's window are absent.
        let scale = 1 / Float(c.headDim).squareRoot()
        let b = c.blockCells
        let firstRead = c.window > 0 ? max(0, c.pos0 - c.window + 1) : 0
        func blocks(_ rows: [UInt16]) -> [UnsafeMutablePointer<UInt16>?] {
            (0..<((cells + b - 1) / b)).map { i in
                guard (i + 1) * b > firstRead else { return nil }
                let block = UnsafeMutablePointer<UInt16>.allocate(capacity: b * kvd)
                block.initialize(repeating: 0xFFFF, count: b * kvd)  // NaN in the unused tail
                let n = min(b, cells - i * b) * kvd
                rows.withUnsafeBufferPointer { block.update(from: $0.baseAddress! + i * b * kvd, count: n) }
                return block
            }
        }
        let kBlocks = blocks(k), vBlocks = blocks(v)
        defer { (kBlocks + vBlocks).forEach { $0?.deallocate() } }
        let kTable = kBlocks.map { $0.map { UnsafePointer($0) } }, vTable = vBlocks.map { $0.map { UnsafePointer($0) } }
        var out = [Float](repeating: .nan, count: c.tokens * qd)
        var scratch = [Float](repeating: 0, count: c.threads * lumos_attention_scratch_floats(
            Int32(c.heads), Int32(c.kvHeads), Int32(c.headDim), Int32(c.tokens), Int32(c.pos0)))
        let pool = lumos_pool_create(Int32(c.threads))
        defer { lumos_pool_destroy(pool) }
        q.withUnsafeBufferPointer { qp in
            kTable.withUnsafeBufferPointer { kp in
                vTable.withUnsafeBufferPointer { vp in
                    out.withUnsafeMutableBufferPointer { op in
                        scratch.withUnsafeMutableBufferPointer { sp in
                            var desc = lumos_attention_desc(
                                q: qp.baseAddress, q_stride: qd, k_blocks: kp.baseAddress, v_blocks: vp.baseAddress,
                                block_cells: Int32(b), kv_stride: kvd,
                                n_head: Int32(c.heads), n_kv_head: Int32(c.kvHeads), head_dim: Int32(c.headDim),
                                n_tokens: Int32(c.tokens), pos0: Int32(c.pos0), window: Int32(c.window), scale: scale,
                                out: op.baseAddress, out_stride: qd, scratch: sp.baseAddress)
                            lumos_attention(pool, &desc)
                        }
                    }
                }
            }
        }
        let group = c.heads / c.kvHeads
        for t in 0..<c.tokens {
            let pq = c.pos0 + t
            let lo = c.window > 0 ? max(0, pq - c.window + 1) : 0
            for h in 0..<c.heads {
                let kvh = h / group
                let qBase = t * qd + h * c.headDim, kvBase = kvh * c.headDim
                let query: [Float] = (0..<c.headDim).map { lumos_fp16_to_fp32(lumos_fp32_to_fp16(q[qBase + $0])) }
                var scores: [Float] = []
                for pk in lo...pq {
                    var dot: Float = 0
                    for i in 0..<c.headDim { dot += query[i] * lumos_fp16_to_fp32(k[pk * kvd + kvBase + i]) }
                    scores.append(dot * scale)
                }
                let top = scores.max()!
                let weights: [Float] = scores.map { expf($0 - top) }
                let total = weights.reduce(0, +)
                for i in 0..<c.headDim {
                    var expected: Float = 0
                    for (j, pk) in (lo...pq).enumerated() { expected += weights[j] / total * lumos_fp16_to_fp32(v[pk * kvd + kvBase + i]) }
                    let got = out[qBase + i]
                    #expect(abs(got - expected) <= 1e-5, "token \(t) head \(h) dim \(i): \(got) vs \(expected)")
                }
            }
        }
    }
}

import CKernels
import Foundation

/// One micro-batch through the network: the LLaMA graph, plus Gemma 3's embedding scale, QK-norm,
/// post-norms, GeGLU and sliding-window layers (engine-notes §3–4). Activations are quantised to the
/// weight's vec_dot type before every matmul, as llama.cpp does.
///
/// A batch may hold several sequences (segments), each with its own KV cache and positions: the
/// matmuls run once over all their rows, so the weights are read once per step for every sequence;
/// RoPE, the cache writes and attention run per segment.
struct ForwardPass {
    let model: Model
    let scratch: Scratch

    struct Segment {
        let cache: KVCache
        let tokens: ArraySlice<Int32>
        /// The position of the segment's first token in its sequence.
        let position: Int
    }

    private var hp: HyperParameters { model.hyperParameters }
    private var pool: OpaquePointer { model.pool.handle }

    /// out[t][r] = W · input[t] for `n` tokens.
    func matmul(_ w: Weight, _ input: UnsafePointer<Float>, tokens n: Int, _ out: UnsafeMutablePointer<Float>, outStride: Int? = nil) {
        let type = w.kernelType
        let actRow = lumos_act_row_bytes(type, Int32(w.columns))
        lumos_quantize_act_rows(pool, type, input, Int32(n), Int32(w.columns), scratch.quantized)
        var desc = lumos_matmul_desc(
            type: type, w: w.kernelData, w_row_bytes: w.rowBytes, n_rows: Int32(w.rows), n_cols: Int32(w.columns),
            x: scratch.quantized, x_row_bytes: actRow, n_tokens: Int32(n), out: out, out_stride: outStride ?? w.rows)
        lumos_matmul(pool, &desc)
    }

    /// Several matrices applied to the same input: one activation quantisation and, when decoding,
    /// one thread-pool job for all of them.
    func matmuls(_ pairs: [(Weight, UnsafeMutablePointer<Float>)], _ input: UnsafePointer<Float>, tokens n: Int) {
        let types = Set(pairs.map { lumos_vec_dot_type($0.0.kernelType) })
        guard n == 1, types.count == 1, pairs.allSatisfy({ $0.0.columns == pairs[0].0.columns }) else {
            for (w, out) in pairs { matmul(w, input, tokens: n, out) }
            return
        }
        let first = pairs[0].0
        let actRow = lumos_act_row_bytes(first.kernelType, Int32(first.columns))
        lumos_quantize_act_rows(pool, first.kernelType, input, Int32(n), Int32(first.columns), scratch.quantized)
        let descs = pairs.map { w, out in
            lumos_matmul_desc(
                type: w.kernelType, w: w.kernelData, w_row_bytes: w.rowBytes, n_rows: Int32(w.rows), n_cols: Int32(w.columns),
                x: scratch.quantized, x_row_bytes: actRow, n_tokens: Int32(n), out: out, out_stride: w.rows)
        }
        descs.withUnsafeBufferPointer { lumos_matmul_multi(pool, $0.baseAddress, Int32($0.count)) }
    }

    /// `logitRows` index the rows of all segments together (the first segment's tokens first).
    func run(
        _ segments: [Segment], logitRows: [Int],
        body: (Int, UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let tokens = segments.flatMap(\.tokens)
        var starts: [Int] = []
        var rowOwner: [(segment: Int, position: Int)] = []
        for (index, segment) in segments.enumerated() {
            starts.append(rowOwner.count)
            for offset in 0..<segment.tokens.count { rowOwner.append((index, segment.position + offset)) }
        }
        let n = tokens.count
        let e = hp.embeddingLength, hd = hp.headDimension
        let qd = hp.headCount * hd, kvd = hp.kvHeadCount * hd, ff = hp.feedForwardLength
        let eps = hp.rmsEpsilon
        let w = model.weights
        let s = scratch
        let x = s.x, normed = s.normed

        for (t, token) in tokens.enumerated() {
            w.tokenEmbedding.dequantizeRow(Int(token), into: x + t * e)
            if let scale = hp.embeddingScale { lumos_scale(x + t * e, scale, Int32(e)) }
        }

        for (il, layer) in w.layers.enumerated() {
            let local = hp.localLayers[il]
            for t in 0..<n { lumos_rms_norm(x + t * e, layer.attentionNorm.floats, normed + t * e, Int32(e), eps) }
            matmuls([(layer.wq, s.q), (layer.wk, s.k), (layer.wv, s.v)], normed, tokens: n)
            let base = local ? hp.ropeBaseLocal : hp.ropeBase
            let freqScale = local ? hp.ropeFreqScaleLocal : hp.ropeFreqScale
            for t in 0..<n {
                let q = s.q + t * qd, k = s.k + t * kvd
                if let qNorm = layer.qNorm, let kNorm = layer.kNorm {
                    for h in 0..<hp.headCount { lumos_rms_norm(q + h * hd, qNorm.floats, q + h * hd, Int32(hd), eps) }
                    for h in 0..<hp.kvHeadCount { lumos_rms_norm(k + h * hd, kNorm.floats, k + h * hd, Int32(hd), eps) }
                }
                let (owner, position) = rowOwner[t]
                let p = Int32(position)
                let neox: Int32 = hp.ropeNeox ? 1 : 0
                // Frequency factors belong to the global RoPE; Gemma's local layers have none.
                let factors = local ? nil : w.ropeFreqFactors?.floats
                lumos_rope(q, Int32(hp.headCount), Int32(hd), Int32(hp.ropeDimensions), p, base, freqScale, factors, neox)
                lumos_rope(k, Int32(hp.kvHeadCount), Int32(hd), Int32(hp.ropeDimensions), p, base, freqScale, factors, neox)
                if let qs = hp.queryScale { lumos_scale(q, qs, Int32(qd)) }
                segments[owner].cache.store(layer: il, position: position, key: k, value: s.v + t * kvd)
            }
            let threads = model.pool.threadCount
            for (index, segment) in segments.enumerated() {
                let cache = segment.cache, count = Int32(segment.tokens.count), row = starts[index]
                var attn = lumos_attention_desc(
                    q: s.q + row * qd, q_stride: qd,
                    k_blocks: UnsafePointer(cache.keyTables[il]), v_blocks: UnsafePointer(cache.valueTables[il]),
                    block_cells: Int32(KVCache.blockCells), kv_stride: kvd,
                    n_head: Int32(hp.headCount), n_kv_head: Int32(hp.kvHeadCount), head_dim: Int32(hd),
                    n_tokens: count, pos0: Int32(segment.position), window: Int32(local ? hp.slidingWindow : 0),
                    scale: hp.queryScale == nil ? 1 / Float(hd).squareRoot() : 1,
                    out: s.attention + row * qd, out_stride: qd, scratch: s.attentionScratch(count: threads * lumos_attention_scratch_floats(
                        Int32(hp.headCount), Int32(hp.kvHeadCount), Int32(hd), count, Int32(segment.position))))
                lumos_attention(pool, &attn)
            }
            matmul(layer.wo, s.attention, tokens: n, s.projection)
            for t in 0..<n {
                let proj = s.projection + t * e
                if let post = layer.postAttentionNorm { lumos_rms_norm(proj, post.floats, proj, Int32(e), eps) }
                lumos_add(x + t * e, proj, Int32(e))
                lumos_rms_norm(x + t * e, layer.ffnNorm.floats, normed + t * e, Int32(e), eps)
            }
            matmuls([(layer.gate, s.gate), (layer.up, s.up)], normed, tokens: n)
            let glu = hp.architecture == .gemma3 ? LK_GLU_GELU : LK_GLU_SILU
            lumos_glu(pool, Int32(glu), s.gate, s.up, s.activation, Int32(n * ff))
            matmul(layer.down, s.activation, tokens: n, s.projection)
            for t in 0..<n {
                let proj = s.projection + t * e
                if let post = layer.postFFNNorm { lumos_rms_norm(proj, post.floats, proj, Int32(e), eps) }
                lumos_add(x + t * e, proj, Int32(e))
            }
        }

        // Only the requested rows go through the output matrix, a few at a time to bound memory.
        let vocab = hp.vocabularySize
        var index = 0
        while index < logitRows.count {
            let group = Array(logitRows[index..<min(logitRows.count, index + s.logitRows)])
            for (g, row) in group.enumerated() {
                lumos_rms_norm(x + row * e, w.outputNorm.floats, normed + g * e, Int32(e), eps)
            }
            matmul(w.output, normed, tokens: group.count, s.logits, outStride: vocab)
            for (g, row) in group.enumerated() {
                let logits = s.logits + g * vocab
                if let cap = hp.finalLogitSoftcap {
                    for i in 0..<vocab { logits[i] = cap * tanhf(logits[i] / cap) }
                }
                try body(row, UnsafeBufferPointer(start: logits, count: vocab))
            }
            index += group.count
        }
    }
}

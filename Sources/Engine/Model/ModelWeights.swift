/// All tensors of one model, validated against the hyper-parameters at load time.
struct ModelWeights: Sendable {
    struct Layer: Sendable {
        let attentionNorm: Weight
        let wq, wk, wv, wo: Weight
        let qNorm, kNorm: Weight?
        let postAttentionNorm: Weight?
        let ffnNorm: Weight
        let gate, up, down: Weight
        let postFFNNorm: Weight?
    }

    let tokenEmbedding: Weight
    let outputNorm: Weight
    let output: Weight
    /// LLaMA 3.1-style RoPE frequency factors (one divisor per rotated pair), when the file has them.
    let ropeFreqFactors: Weight?
    let layers: [Layer]

    /// How many matrices have an interleaved copy.
    var interleavedCount: Int {
        let matrices = layers.flatMap { [$0.wq, $0.wk, $0.wv, $0.wo, $0.gate, $0.up, $0.down] } + [output]
        return matrices.filter { $0.interleaved != nil }.count
    }

    init(gguf: GGUFFile, hp: HyperParameters) throws {
        let e = hp.embeddingLength, hd = hp.headDimension
        let qDim = hp.headCount * hd, kvDim = hp.kvHeadCount * hd, ff = hp.feedForwardLength
        let embd = try Weight.load(gguf, "token_embd.weight", shape: [e, hp.vocabularySize])!
        outputNorm = try Weight.load(gguf, "output_norm.weight", shape: [e], matrix: false)!
        if let separate = try Weight.load(gguf, "output.weight", shape: [e, hp.vocabularySize], optional: true) {
            tokenEmbedding = embd
            output = separate.withInterleavedCopy()
        } else {
            // Tied: lookups read the output matrix's copy too (the file's pages were released).
            output = embd.withInterleavedCopy()
            tokenEmbedding = output
        }
        ropeFreqFactors = try Weight.load(gguf, "rope_freqs.weight", shape: [hp.ropeDimensions / 2], optional: true, matrix: false)
        let gemma = hp.architecture == .gemma3
        layers = try (0..<hp.layerCount).map { il in
            let p = "blk.\(il)."
            func m(_ n: String, _ shape: [Int]) throws -> Weight { try Weight.load(gguf, p + n + ".weight", shape: shape)!.withInterleavedCopy() }
            func norm(_ n: String, _ size: Int) throws -> Weight { try Weight.load(gguf, p + n + ".weight", shape: [size], matrix: false)! }
            return Layer(
                attentionNorm: try norm("attn_norm", e),
                wq: try m("attn_q", [e, qDim]), wk: try m("attn_k", [e, kvDim]), wv: try m("attn_v", [e, kvDim]),
                wo: try m("attn_output", [qDim, e]),
                qNorm: gemma ? try norm("attn_q_norm", hd) : nil,
                kNorm: gemma ? try norm("attn_k_norm", hd) : nil,
                postAttentionNorm: gemma ? try norm("post_attention_norm", e) : nil,
                ffnNorm: try norm("ffn_norm", e),
                gate: try m("ffn_gate", [e, ff]), up: try m("ffn_up", [e, ff]), down: try m("ffn_down", [ff, e]),
                postFFNNorm: gemma ? try norm("post_ffw_norm", e) : nil)
        }
    }
}

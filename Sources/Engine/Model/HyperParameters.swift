/// The numbers a forward pass needs, read from `<arch>.*` GGUF keys with llama.cpp's defaults.
public struct HyperParameters: Sendable {
    public let architecture: Architecture
    public let embeddingLength: Int
    public let layerCount: Int
    public let headCount: Int
    public let kvHeadCount: Int
    public let headDimension: Int
    public let feedForwardLength: Int
    public let vocabularySize: Int
    public let trainingContextLength: Int
    public let rmsEpsilon: Float
    public let ropeDimensions: Int
    /// NEOX pairs (i, i + n/2) for Gemma; NORM pairs (2i, 2i+1) for LLaMA GGUFs.
    public let ropeNeox: Bool
    public let ropeBase: Float
    public let ropeFreqScale: Float
    /// Local (sliding-window) layers use their own base and scale.
    public let ropeBaseLocal: Float
    public let ropeFreqScaleLocal: Float
    /// 0 when no layer uses a sliding window.
    public let slidingWindow: Int
    public let localLayers: [Bool]
    /// Applied to Q after RoPE (Gemma), with softmax scale 1; nil means softmax scale 1/sqrt(head_dim).
    public let queryScale: Float?
    public let embeddingScale: Float?
    public let finalLogitSoftcap: Float?

    init(gguf: GGUFFile) throws {
        guard let archName = gguf.architecture else {
            throw ModelError(.missingMetadata, "\(gguf.path) has no general.architecture key; it is not a model file llama.cpp could load either.")
        }
        guard let arch = Architecture(rawValue: archName) else {
            let known = Architecture.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelError(.unknownArchitecture, "\(gguf.path) is a '\(archName)' model; this engine runs \(known).")
        }
        func key(_ k: String) -> String { "\(archName).\(k)" }
        func required(_ k: String) throws -> Int {
            if let v = gguf.int(key(k)) { return v }
            if let a = gguf.ints(key(k)), let first = a.first {
                guard a.allSatisfy({ $0 == first }) else {
                    throw ModelError(.invalidMetadata, "\(key(k)) differs between layers; per-layer sizes are not supported.")
                }
                return first
            }
            throw ModelError(.missingMetadata, "\(gguf.path) lacks \(key(k)), which a \(archName) model needs.")
        }
        architecture = arch
        embeddingLength = try required("embedding_length")
        layerCount = try required("block_count")
        headCount = try required("attention.head_count")
        kvHeadCount = (try? required("attention.head_count_kv")) ?? headCount
        feedForwardLength = try required("feed_forward_length")
        headDimension = gguf.int(key("attention.key_length")) ?? embeddingLength / max(1, headCount)
        if let vLength = gguf.int(key("attention.value_length")), vLength != headDimension {
            throw ModelError(.invalidMetadata, "key_length \(headDimension) ≠ value_length \(vLength) is not supported.")
        }
        vocabularySize = gguf.int(key("vocab_size")) ?? gguf.strings("tokenizer.ggml.tokens")?.count ?? 0
        trainingContextLength = gguf.int(key("context_length")) ?? 4096
        guard let eps = gguf.float(key("attention.layer_norm_rms_epsilon")) else {
            throw ModelError(.missingMetadata, "\(gguf.path) lacks \(key("attention.layer_norm_rms_epsilon")).")
        }
        rmsEpsilon = eps
        ropeDimensions = gguf.int(key("rope.dimension_count")) ?? headDimension
        ropeBase = gguf.float(key("rope.freq_base")) ?? 10000
        let factor = gguf.float(key("rope.scaling.factor")) ?? gguf.float(key("rope.scale_linear")) ?? 1
        let scalingType = gguf.string(key("rope.scaling.type")) ?? "linear"
        ropeFreqScale = (scalingType == "none" || factor == 0) ? 1 : 1 / factor
        guard headCount > 0, kvHeadCount > 0, headCount % kvHeadCount == 0, headDimension % 2 == 0,
              ropeDimensions <= headDimension, embeddingLength > 0, layerCount > 0,
              headCount / kvHeadCount <= 8, headDimension <= 1024 else {
            throw ModelError(.invalidMetadata, "inconsistent attention sizes: \(headCount) heads, \(kvHeadCount) KV heads, head dim \(headDimension).")
        }
        switch arch {
        case .llama:
            ropeNeox = false
            ropeBaseLocal = ropeBase
            ropeFreqScaleLocal = ropeFreqScale
            slidingWindow = 0
            localLayers = Array(repeating: false, count: layerCount)
            queryScale = nil
            embeddingScale = nil
            finalLogitSoftcap = nil
        case .gemma3:
            ropeNeox = true
            ropeBaseLocal = gguf.float(key("rope.freq_base_swa")) ?? 10000
            ropeFreqScaleLocal = 1
            let window = gguf.int(key("attention.sliding_window")) ?? 0
            let layers = layerCount
            slidingWindow = window
            if let pattern = gguf.metadata[key("attention.sliding_window_pattern")]?.arrayValues {
                localLayers = (0..<layers).map { il in il < pattern.count ? (pattern[il].boolValue ?? false) : false }
            } else {
                let n = gguf.int(key("attention.sliding_window_pattern")) ?? 6
                localLayers = (0..<layers).map { il in window > 0 && (n == 0 || il % n < n - 1) }
            }
            queryScale = 1 / Float(headDimension).squareRoot()
            embeddingScale = Float(embeddingLength).squareRoot()
            finalLogitSoftcap = gguf.float(key("final_logit_softcapping"))
        }
    }
}

/// One conversation's state on a shared model: its KV cache, the tokens that cache holds, and scratch
/// buffers. Not thread-safe: one owner drives it (forward passes of different contexts are serialised
/// on the model's thread pool).
public final class InferenceContext {
    public let model: Model
    public let maxContext: Int
    /// Prefixes shared with the other sessions of the process; nil computes every prompt here.
    public let prefixCache: PrefixCache?
    /// Runs this context's passes together with other contexts'; nil runs them alone.
    public let batcher: StepBatcher?
    /// The tokens whose keys and values are in the cache, position 0 first.
    public private(set) var tokens: [Int32] = []
    let cache: KVCache
    /// Tokens per pass: a longer prompt is computed in chunks of this size.
    let batchSize: Int
    /// Only a context that runs its own passes needs buffers for them.
    private lazy var scratch = Scratch(hp: model.hyperParameters, batch: batchSize, logitRows: 4)

    /// Tokens per micro-batch: prefill runs as matrix–matrix work over this many tokens at once.
    public static let defaultBatchSize = 256

    /// The micro-batch for a model. Keeps the scratch within about 8 MiB (the RSS budget is the file,
    /// the cache and 64 MiB): fewer tokens per batch for wide layers; prefill speed barely depends on
    /// the batch beyond ~128.
    static func microBatch(for hp: HyperParameters) -> Int {
        let perToken = 4 * (3 * hp.feedForwardLength + 4 * hp.embeddingLength + 4 * hp.headCount * hp.headDimension)
        return max(16, min(Self.defaultBatchSize, (8 << 20) / max(1, perToken)))
    }

    init(model: Model, maxContext: Int, prefixCache: PrefixCache? = nil, batcher: StepBatcher? = nil) {
        self.model = model
        self.maxContext = maxContext
        self.prefixCache = prefixCache
        self.batcher = batcher
        let hp = model.hyperParameters
        batchSize = Self.microBatch(for: hp)
        cache = KVCache(pool: model.kvBlocks, layerCount: hp.layerCount, maxCells: maxContext,
                        windows: hp.localLayers.map { $0 ? hp.slidingWindow : 0 }, batch: batchSize)
    }

    /// Bytes held by the KV cache.
    public var cacheBytes: Int { cache.bytes }

    /// Forgets cached positions from `count` on (the cache keeps positions 0..<count). A cut further
    /// back than the sliding-window rings still hold forgets everything (the next call recomputes).
    public func truncate(to count: Int) {
        guard count < tokens.count else { return }
        if count <= 0 || !cache.canResume(at: count) {
            reset()
        } else {
            tokens.removeSubrange(count...)
        }
    }

    public func reset() {
        tokens.removeAll(keepingCapacity: true)
        cache.forgetHistory()
    }

    /// Appends `newTokens` after the cached ones and returns the logits after the last of them.
    @discardableResult
    public func append(_ newTokens: [Int32]) throws -> [Float] {
        guard !newTokens.isEmpty else { throw ModelError(.emptyPrompt, "nothing to evaluate: the token list is empty.") }
        var result: [Float] = []
        try evaluate(newTokens, logitRows: [newTokens.count - 1]) { _, logits in result = Array(logits) }
        return result
    }

    /// Makes the cache hold exactly `prompt`, computing only the part not already cached (this
    /// conversation's earlier turns, or a prefix another session left in the shared prefix cache), and
    /// returns the logits after its last token and how many prompt tokens came from a cache.
    public func prefill(_ prompt: [Int32]) throws -> (logits: [Float], reused: Int) {
        guard !prompt.isEmpty else { throw ModelError(.emptyPrompt, "the prompt has no tokens.") }
        var common = PrefixCache.commonPrefix(prompt, tokens, limit: prompt.count)
        // The last prompt token is always recomputed: its logits are what the caller needs.
        if common == prompt.count { common -= 1 }
        truncate(to: common)
        common = tokens.count
        var ticket: Int?
        if let prefixCache, prompt.count <= maxContext {
            var found = prefixCache.lookup(prompt, limit: prompt.count - 1, atLeast: common, windows: cache.windows)
            if found == nil {
                let (waited, claimed) = prefixCache.awaitOrClaim(prompt, atLeast: common)
                ticket = claimed
                if waited { found = prefixCache.lookup(prompt, limit: prompt.count - 1, atLeast: common, windows: cache.windows) }
            }
            if let (snapshot, count) = found {
                reset()
                snapshot.restore(count, into: cache)
                tokens = Array(prompt[..<count])
                common = count
            }
        }
        defer { if let ticket { prefixCache?.finished(ticket) } }
        let logits = try append(Array(prompt[common...]))
        if let prefixCache, let keep = prefixCache.lengthToKeep(for: prompt) {
            let snapshot = KVSnapshot(tokens: Array(prompt[..<keep]), cache: cache)
            if snapshot.canRestore(keep, windows: cache.windows) { prefixCache.insert(snapshot) }
        }
        return (logits, common)
    }

    /// Runs `newTokens` at the next positions, calling `body(row, logits)` for each requested row
    /// (indices into `newTokens`, ascending).
    public func evaluate(
        _ newTokens: [Int32], logitRows: [Int],
        body: (Int, UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let hp = model.hyperParameters
        guard tokens.count + newTokens.count <= maxContext else {
            throw ModelError(.contextFull, "\(tokens.count) cached + \(newTokens.count) new tokens exceed the context of \(maxContext); shorten the prompt or create the context with a larger maxContext.")
        }
        if let bad = newTokens.first(where: { $0 < 0 || Int($0) >= hp.vocabularySize }) {
            throw ModelError(.invalidToken, "token id \(bad) is outside the vocabulary (0..<\(hp.vocabularySize)).")
        }
        var start = 0
        while start < newTokens.count {
            let end = min(newTokens.count, start + batchSize)
            let rows = logitRows.filter { $0 >= start && $0 < end }.map { $0 - start }
            // Chunk by chunk: a sliding-window layer gives back what the chunk no longer needs.
            try cache.reserve(tokens.count + end - start, used: tokens.count)
            let segment = ForwardPass.Segment(cache: cache, tokens: newTokens[start..<end], position: tokens.count)
            if let batcher {
                try batcher.run(segment, logitRows: rows) { row, logits in try body(row + start, logits) }
            } else {
                try model.pool.withExclusiveAccess {
                    try ForwardPass(model: model, scratch: scratch).run([segment], logitRows: rows) { row, logits in
                        try body(row + start, logits)
                    }
                }
            }
            tokens.append(contentsOf: newTokens[start..<end])
            start = end
        }
    }
}

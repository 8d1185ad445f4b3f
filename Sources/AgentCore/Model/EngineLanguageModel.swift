import Engine
import Foundation

/// The built-in CPU engine behind the agent's `LanguageModel` protocol: one loaded model (weights
/// memory-mapped once, shared by every session), a KV cache per session, and one prefix cache shared
/// by the sessions, so the prompt header every task of a module starts with is computed once.
public final class EngineLanguageModel: LanguageModel {
    public let identity: ModelIdentity
    public let model: Model
    public let maxContext: Int
    /// nil when sessions share nothing (a budget of 0).
    public let prefixCache: PrefixCache?
    /// Runs the sessions' forward passes together; nil when each session runs alone.
    public let batcher: StepBatcher?

    /// Loads `path` with `threads` engine threads (default: all cores); `kvBudgetBytes` bounds the KV
    /// memory of all its sessions and kept prefixes together (nil: no bound).
    public convenience init(
        path: String, threads: Int? = nil, maxContext: Int = 4096, profile: String = "lumos",
        prefixCacheBytes: Int = PrefixCache.defaultBudgetBytes, batching: Bool = true, kvBudgetBytes: Int? = nil
    ) throws {
        try self.init(
            model: Model(path: path, threads: threads, kvBudgetBytes: kvBudgetBytes), maxContext: maxContext, profile: profile,
            prefixCacheBytes: prefixCacheBytes, batching: batching)
    }

    public init(
        model: Model, maxContext: Int = 4096, profile: String = "lumos",
        prefixCacheBytes: Int = PrefixCache.defaultBudgetBytes, batching: Bool = true
    ) {
        self.model = model
        self.maxContext = min(maxContext, model.hyperParameters.trainingContextLength)
        let prefixCache = prefixCacheBytes > 0 ? PrefixCache(budgetBytes: prefixCacheBytes) : nil
        self.prefixCache = prefixCache
        // Kept prefixes give way to running sessions when the KV budget is reached.
        prefixCache?.giveWay(in: model.kvBlocks)
        batcher = batching ? StepBatcher(model: model) : nil
        identity = ModelIdentity(
            backend: .engine, location: model.file.path, name: model.name,
            fingerprint: Self.fingerprint(of: model.file), profile: profile)
    }

    public func makeSession() throws -> any ModelSession {
        EngineModelSession(model: model, context: model.makeContext(maxContext: maxContext, prefixCache: prefixCache, batcher: batcher))
    }

    /// File size plus an FNV-1a hash of the header region (metadata and tensor table): cheap, and it
    /// changes whenever the file is re-quantised or re-converted.
    static func fingerprint(of file: GGUFFile) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let bytes = file.baseAddress.assumingMemoryBound(to: UInt8.self)
        for i in 0..<min(file.dataOffset, 1 << 20) {
            hash = (hash ^ UInt64(bytes[i])) &* 0x100_0000_01b3
        }
        return "gguf:\(file.fileSize):\(String(hash, radix: 16))"
    }
}

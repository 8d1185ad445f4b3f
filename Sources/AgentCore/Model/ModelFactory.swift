import Engine
import Foundation
import LumosBase

/// Builds `LanguageModel`s from specs: GGUF files on the built-in engine, endpoints over HTTP. A
/// file or endpoint named by several modules is opened once and shared: the engine maps the
/// weights once, and each module (and each worker slot) gets its own session.
public struct ModelFactory: Sendable {
    /// Engine threads per model; nil uses every core this process may use.
    public var threads: Int?
    public var contextLength: Int
    public var httpOptions: OpenAICompletionModel.Options
    /// The key sent to HTTP endpoints; the caller reads it from wherever it is configured.
    public var apiKey: String?
    /// Caps every call at this many new tokens (short drills and tests).
    public var maxNewTokens: Int?
    /// False gives every call a fresh session (a fresh KV cache) and shares no prefix between
    /// sessions, to measure what reuse saves.
    public var prefixReuse: Bool
    /// The byte budget of the prompt prefixes an engine model's sessions share (0: none).
    public var prefixCacheBytes: Int
    public static let defaultPrefixCacheBytes = PrefixCache.defaultBudgetBytes
    /// Whether an engine model runs its sessions' forward passes together (continuous batching).
    public var batching: Bool
    /// The bytes of KV memory an engine model's sessions and kept prefixes may hold together (nil: no bound).
    public var kvBudgetBytes: Int?

    public init(
        threads: Int? = nil, contextLength: Int = 4096, httpOptions: OpenAICompletionModel.Options = .init(),
        apiKey: String? = nil, maxNewTokens: Int? = nil, prefixReuse: Bool = true,
        prefixCacheBytes: Int = PrefixCache.defaultBudgetBytes, batching: Bool = true, kvBudgetBytes: Int? = nil
    ) {
        self.threads = threads
        self.contextLength = contextLength
        self.httpOptions = httpOptions
        self.apiKey = apiKey
        self.maxNewTokens = maxNewTokens
        self.prefixReuse = prefixReuse
        self.prefixCacheBytes = prefixCacheBytes
        self.batching = batching
        self.kvBudgetBytes = kvBudgetBytes
    }

    public struct Models: Sendable {
        public var planner: any LanguageModel
        public var grounder: any LanguageModel
        public var qa: (any LanguageModel)?
    }

    /// The planning, grounding and (optional) QA models; equal specs share one instance.
    public func make(plan: ModelSpec, ground: ModelSpec, qa: ModelSpec? = nil) throws(ModelSpecError) -> Models {
        var opened: [ModelSpec: any LanguageModel] = [:]
        func model(_ spec: ModelSpec) throws(ModelSpecError) -> any LanguageModel {
            if let existing = opened[spec] { return existing }
            let made = try make(spec)
            opened[spec] = made
            return made
        }
        let qaModel: (any LanguageModel)? = if let qa { try model(qa) } else { nil }
        return Models(planner: try model(plan), grounder: try model(ground), qa: qaModel)
    }

    /// One model, wrapped in a `TunedModel` when a token cap or no prefix reuse is asked for.
    public func make(_ spec: ModelSpec) throws(ModelSpecError) -> any LanguageModel {
        let base = try open(spec)
        guard maxNewTokens != nil || !prefixReuse else { return base }
        return TunedModel(base, maxNewTokens: maxNewTokens, prefixReuse: prefixReuse)
    }

    private func open(_ spec: ModelSpec) throws(ModelSpecError) -> any LanguageModel {
        switch spec.source {
        case .http(let baseURL, let api):
            return OpenAICompletionModel(baseURL: baseURL, model: spec.name, api: api, profile: spec.profile,
                                         apiKey: apiKey, options: httpOptions)
        case .gguf(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ModelSpecError("The model file \(path) does not exist or cannot be read.", code: .modelUnavailable)
            }
            do {
                return try EngineLanguageModel(
                    path: path, threads: threads, maxContext: contextLength, profile: spec.profile.rawValue,
                    prefixCacheBytes: prefixReuse ? prefixCacheBytes : 0, batching: batching,
                    kvBudgetBytes: kvBudgetBytes)
            } catch {
                throw ModelSpecError("Could not load the model \(path): \(error)", code: .modelUnavailable)
            }
        }
    }
}

import AgentCore
import Foundation

/// Opens the models a worker runs with: GGUF files on the built-in engine (each file mapped
/// once and shared by every slot; each attempt opens its own sessions), endpoints over HTTP.
public enum WorkerModels {
    public struct Options: Sendable {
        public var threads: Int?
        public var contextLength: Int
        public var maxNewTokens: Int?
        public var prefixReuse: Bool
        public init(threads: Int? = nil, contextLength: Int = 4096, maxNewTokens: Int? = nil, prefixReuse: Bool = true) {
            self.threads = threads
            self.contextLength = contextLength
            self.maxNewTokens = maxNewTokens
            self.prefixReuse = prefixReuse
        }
    }

    public struct Models: Sendable {
        public var planner: any LanguageModel
        public var grounder: any LanguageModel
        public var qa: (any LanguageModel)?
    }

    /// The planning, grounding and optional QA models; equal specs share one instance.
    public static func make(plan: ModelSpec, ground: ModelSpec, qa: ModelSpec? = nil, options: Options) throws -> Models {
        var opened: [ModelSpec: any LanguageModel] = [:]
        func model(_ spec: ModelSpec) throws -> any LanguageModel {
            if let existing = opened[spec] { return existing }
            let made = TunedModel(try open(spec, options: options), maxNewTokens: options.maxNewTokens, prefixReuse: options.prefixReuse)
            opened[spec] = made
            return made
        }
        return Models(planner: try model(plan), grounder: try model(ground), qa: try qa.map(model))
    }

    static func open(_ spec: ModelSpec, options: Options) throws -> any LanguageModel {
        switch spec.source {
        case .http:
            return try ModelFactory(threads: options.threads ?? 2, contextLength: options.contextLength).make(spec)
        case .gguf(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw WorkerError(.modelUnavailable, "The model file \(path) does not exist or cannot be read; pass --plan-model with a GGUF path or an http(s)://…/v1 URL, or set LUMOS_MODEL.")
            }
            do {
                return try EngineLanguageModel(path: path, threads: options.threads, maxContext: options.contextLength, profile: spec.profile.rawValue)
            } catch {
                throw WorkerError(.modelUnavailable, "Could not load the model \(path): \(error)")
            }
        }
    }
}

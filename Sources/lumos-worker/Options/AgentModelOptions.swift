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

    func makeModels(needsQA: Bool) throws -> ModelFactory.Models {
        let profile = try resolvedProfile()
        let planValue = planModel ?? environment["LUMOS_PLAN_MODEL"] ?? ModelFactory.bundledModelPath
        let planName = planModelName ?? environment["LUMOS_PLAN_MODEL_NAME"]
        let plan = try ModelSpec(parsing: planValue, name: planName, profile: profile)
        let groundValue = groundModel ?? environment["LUMOS_GROUND_MODEL"]
        let ground = try groundValue.map {
            try ModelSpec(parsing: $0, name: groundModelName ?? environment["LUMOS_GROUND_MODEL_NAME"], profile: profile)
        } ?? plan
        var qa: ModelSpec?
        if needsQA {
            qa = try (qaModel ?? environment["LUMOS_QA_MODEL"]).map {
                try ModelSpec(parsing: $0, name: qaModelName ?? environment["LUMOS_QA_MODEL_NAME"], profile: profile)
            } ?? plan
        }
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

import AgentCore
import ArgumentParser

/// The model and tool flags shared by every command that runs the agent. Flags win, then
/// `LUMOS_*` environment variables, then defaults that work with nothing configured (the bundled
/// Gemma file, Wikipedia for knowledge).
public struct AgentModelOptions: ParsableArguments {
    @Option(help: "Planning model: a GGUF path or an http(s)://…/v1 URL (env LUMOS_PLAN_MODEL; default: the bundled Gemma).")
    public var planModel: String?

    @Option(help: "Grounding model: a GGUF path or an http(s)://…/v1 URL (env LUMOS_GROUND_MODEL; default: the planning model).")
    public var groundModel: String?

    @Option(help: "Model id the planning endpoint expects (env LUMOS_PLAN_MODEL_NAME).")
    public var planModelName: String?

    @Option(help: "Model id the grounding endpoint expects (env LUMOS_GROUND_MODEL_NAME).")
    public var groundModelName: String?

    @Option(help: "QA tool model for complex QA (env LUMOS_QA_MODEL; default: the planning model).")
    public var qaModel: String?

    @Option(help: "Model id the QA endpoint expects (env LUMOS_QA_MODEL_NAME).")
    public var qaModelName: String?

    @Option(help: "Prompt profile: lumos (released checkpoints), fewshot (base models) or fewshot-gemma (chat-tuned Gemma). Default: lumos for models named like Lumos checkpoints, else fewshot (env LUMOS_PROFILE).")
    public var profile: ModelProfile?

    @Option(help: "Engine threads per model (env LUMOS_THREADS; default: the cores this process may use).")
    public var threads: Int?

    @Option(help: "Engine context length in tokens.")
    public var contextLength: Int = 4096

    @Option(help: "MiB of prompt prefixes (KV) the engine's sessions share, so the header every task of a module starts with is computed once per process; 0 turns sharing off.")
    public var prefixCacheMib: Int = ModelFactory.defaultPrefixCacheBytes >> 20

    @Option(help: "MiB of KV memory the engine's sessions and shared prefixes may hold together; kept prefixes are evicted first, then a task that needs more fails with kvBudgetExhausted. Default: no limit.")
    public var kvBudgetMib: Int?

    @Flag(help: "Run each task's forward passes alone instead of batching the next tokens of all concurrent tasks into one pass (measures what batching gives).")
    public var noBatching = false

    @OptionGroup public var knowledge: KnowledgeOptions

    public init() {}

    public func validate() throws {
        try FlagCheck.atLeast(threads, 1, flag: "--threads")
        // Below a few dozen tokens not even a prompt's first lines fit; past a million the KV
        // cache alone would exceed any machine's memory.
        try FlagCheck.within(contextLength, 32...1_048_576, flag: "--context-length")
        try FlagCheck.within(prefixCacheMib, 0...1_048_576, flag: "--prefix-cache-mib")
        try FlagCheck.within(kvBudgetMib, 1...1_048_576, flag: "--kv-budget-mib")
    }

    /// The three model roles, each with a `--<role>-model` and `--<role>-model-name` flag and
    /// their `LUMOS_<ROLE>_MODEL` and `LUMOS_<ROLE>_MODEL_NAME` variables.
    public enum Role: Sendable {
        case plan, ground, qa

        var settings: (model: Setting, name: Setting) {
            switch self {
            case .plan: (.planModel, .planModelName)
            case .ground: (.groundModel, .groundModelName)
            case .qa: (.qaModel, .qaModelName)
            }
        }

        var flag: String {
            switch self {
            case .plan: "--plan-model"
            case .ground: "--ground-model"
            case .qa: "--qa-model"
            }
        }
    }

    private func flags(_ role: Role) -> (model: String?, name: String?) {
        switch role {
        case .plan: (planModel, planModelName)
        case .ground: (groundModel, groundModelName)
        case .qa: (qaModel, qaModelName)
        }
    }

    /// The GGUF path or URL configured for `role`, or nil when neither flag nor environment sets it.
    public func modelValue(_ role: Role, environment: Environment = .current) -> String? {
        environment.resolve(flags(role).model, role.settings.model)
    }

    /// The model id the endpoint for `role` expects, when configured.
    public func modelName(_ role: Role, environment: Environment = .current) -> String? {
        environment.resolve(flags(role).name, role.settings.name)
    }

    /// `--profile`, else `LUMOS_PROFILE`, else nil (the spec picks by the model's name).
    public func resolvedProfile(environment: Environment = .current) throws -> ModelProfile? {
        if let profile { return profile }
        guard let value = environment.value(.profile) else { return nil }
        guard let parsed = ModelProfile(argument: value) else {
            throw ValidationError("\(Setting.profile.name) is \(value.debugDescription); use \(ModelProfile.spelledOut).")
        }
        return parsed
    }

    /// The plan, ground and (when `needsQA`) QA specs: the planning model defaults to the bundled
    /// Gemma, the others to the planning model.
    public func specs(needsQA: Bool, environment: Environment = .current) throws -> (plan: ModelSpec, ground: ModelSpec, qa: ModelSpec?) {
        let profile = try resolvedProfile(environment: environment)
        func spec(_ role: Role) throws -> ModelSpec? {
            guard let value = modelValue(role, environment: environment) else { return nil }
            do {
                return try ModelSpec(parsing: value, name: modelName(role, environment: environment), profile: profile)
            } catch {
                throw ValidationError("\(role.flag): \(error.message)")
            }
        }
        let plan = try spec(.plan) ?? ModelSpec(parsing: BundledModel.expectedPath(in: environment),
                                                name: modelName(.plan, environment: environment), profile: profile)
        let ground = try spec(.ground) ?? plan
        let qa = needsQA ? try spec(.qa) ?? plan : nil
        return (plan, ground, qa)
    }

    /// Whether a QA model is configured at all (the QA action needs one).
    public func hasQAModel(environment: Environment = .current) -> Bool {
        modelValue(.qa, environment: environment) != nil || modelValue(.plan, environment: environment) != nil
    }

    /// Opens the models; a missing or unreadable file is an error that says which flags to use.
    public func makeModels(needsQA: Bool, maxNewTokens: Int? = nil, prefixReuse: Bool = true,
                           environment: Environment = .current) throws -> ModelFactory.Models {
        let specs = try self.specs(needsQA: needsQA, environment: environment)
        let factory = ModelFactory(
            threads: try environment.resolve(threads, .threads), contextLength: contextLength,
            apiKey: environment.apiKey,
            maxNewTokens: maxNewTokens, prefixReuse: prefixReuse, prefixCacheBytes: prefixCacheMib << 20, batching: !noBatching,
            kvBudgetBytes: kvBudgetMib.map { $0 << 20 })
        do {
            return try factory.make(plan: specs.plan, ground: specs.ground, qa: specs.qa)
        } catch {
            throw CommandFailure(error.message
                + " Pass --plan-model with a GGUF path or an http(s)://…/v1 URL, or set \(Setting.model.name) or \(Setting.planModel.name).")
        }
    }
}

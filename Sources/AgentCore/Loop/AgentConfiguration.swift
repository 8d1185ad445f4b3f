import Foundation

/// What an agent runs with. Models and the knowledge source are shared across attempts; each
/// attempt opens its own sessions.
public struct AgentConfiguration: Sendable {
    public var planner: any LanguageModel
    public var grounder: any LanguageModel
    /// Answers complex-QA `QA`/`Calculator` actions and the final question (spec §7.2). Without
    /// one, those actions fail as tool errors.
    public var qaModel: (any LanguageModel)?
    /// Where `KnowledgeQuery` looks things up (MediaWiki over HTTP, or the offline FTS5 base).
    public var knowledge: (any KnowledgeSource)?
    /// Overrides the dataset's turn budget (plan and ground calls together, spec §4).
    public var maxTurns: Int?
    /// `Code` actions are never executed unless this is set; then they run only in a `CodeSandbox`
    /// (no network, CPU, memory and time limits), and are recorded as failed where no sandbox can be made.
    public var allowCode: Bool
    public var deviations: ReferenceDeviations

    public init(
        planner: any LanguageModel,
        grounder: any LanguageModel,
        qaModel: (any LanguageModel)? = nil,
        knowledge: (any KnowledgeSource)? = nil,
        maxTurns: Int? = nil,
        allowCode: Bool = false,
        deviations: ReferenceDeviations = .trainingAligned
    ) {
        self.planner = planner
        self.grounder = grounder
        self.qaModel = qaModel
        self.knowledge = knowledge
        self.maxTurns = maxTurns
        self.allowCode = allowCode
        self.deviations = deviations
    }
}

/// The reference's per-dataset loop settings (spec §4.1–4.4).
public enum LoopSettings {
    /// The dataset whose settings a task uses (`custom` tasks follow their domain's main set).
    public static func effectiveDataset(for task: AgentTask) -> Dataset {
        if task.dataset != .custom { return task.dataset }
        return task.domain == .maths ? .gsm8k : .hotpotqa
    }

    /// Iterative turn budget: plan and ground turns alternate, so N turns allow N/2 subgoals.
    public static func iterativeTurns(for dataset: Dataset) -> Int {
        switch dataset {
        case .gsm8k, .custom: 16
        case .svamp: 4
        case .hotpotqa, .strategyqa: 10
        }
    }
}

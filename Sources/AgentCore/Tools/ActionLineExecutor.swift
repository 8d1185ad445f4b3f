/// Runs one grounding line with the tools outside the agent loop (`lumos-worker execute`).
public struct ActionLineExecutor: Sendable {
    public var domain: Domain
    public var dataset: Dataset
    public var qaModel: (any LanguageModel)?
    public var knowledge: (any KnowledgeSource)?
    public var deviations: ReferenceDeviations

    public init(
        domain: Domain, dataset: Dataset? = nil, qaModel: (any LanguageModel)? = nil,
        knowledge: (any KnowledgeSource)? = nil, deviations: ReferenceDeviations = .trainingAligned
    ) {
        self.domain = domain
        self.dataset = dataset ?? (domain == .maths ? .gsm8k : .hotpotqa)
        self.qaModel = qaModel
        self.knowledge = knowledge
        self.deviations = deviations
    }

    public struct Result: Sendable, Hashable, Codable {
        /// Output variables in the order they were first bound, with their values as text.
        public var variables: [Variable]
        public var actions: [ActionRecord]
        /// Set when the line could not finish (a model failure or cancellation).
        public var stopped: String?

        public struct Variable: Sendable, Hashable, Codable {
            public var name: String
            public var value: String
        }

        public var errors: [ActionRecord] { actions.filter { $0.error != nil } }
    }

    public func run(_ line: String, cancel: CancellationFlag = CancellationFlag()) -> Result {
        let recorder = AttemptRecorder(cancel: cancel)
        let task = AgentTask(id: "execute", dataset: dataset, domain: domain, formulation: .onetime, question: "")
        let qa = qaModel.map { ModuleCaller(module: .qa, model: $0, recorder: recorder) }
        let module = ExecutionModule(task: task, dataset: dataset, deviations: deviations, knowledge: knowledge, qa: qa, allowCode: false)
        var stopped: String?
        for text in ActionParser.split(line) {
            do {
                let outcome = try module.execute(text, context: ExecutionModule.LineContext(step: 1, subgoals: []))
                recorder.actions.append(outcome.record)
                if outcome.failure != nil, outcome.endsExecution { break }
            } catch {
                stopped = error.detail
                break
            }
        }
        let variables = module.insertionOrder.compactMap { name in
            module.table[name].map { Result.Variable(name: name, value: $0.description) }
        }
        return Result(variables: variables, actions: recorder.actions, stopped: stopped)
    }
}

/// One agent task: the payload that travels through the queue and is stored with every attempt.
public struct AgentTask: Sendable, Hashable, Codable {
    public var id: String
    public var dataset: Dataset
    public var domain: Domain
    public var formulation: Formulation
    public var question: String
    /// The gold answer as the dataset states it (GSM8K: the whole rationale ending in `#### n`).
    public var answer: String?
    /// Where the task came from (`file:line`), for reports and error messages.
    public var source: String?
    /// Set for one of several sampled attempts at an item (`submit --samples`); nil for the
    /// single greedy attempt, so older payloads and rows read as before.
    public var rollout: Rollout?

    public init(
        id: String,
        dataset: Dataset,
        domain: Domain,
        formulation: Formulation,
        question: String,
        answer: String? = nil,
        source: String? = nil,
        rollout: Rollout? = nil
    ) {
        self.id = id
        self.dataset = dataset
        self.domain = domain
        self.formulation = formulation
        self.question = question
        self.answer = answer
        self.source = source
        self.rollout = rollout
    }
}

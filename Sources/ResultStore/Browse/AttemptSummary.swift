/// One row of the console's trajectory list: enough to choose which trajectory to open.
public struct AttemptSummary: Sendable, Hashable {
    /// The row id in its database: stable while the attempt is not written again.
    public var id: Int
    public var taskID: String
    public var attempt: Int
    public var dataset: String
    public var formulation: String
    public var question: String
    public var correct: Bool
    public var termination: String
    public var finalAnswer: String?
    public var goldAnswer: String?
    public var planModel: String
    public var workerID: String
    public var startedAt: String
    public var milliseconds: Double
    public var verdict: Review.Verdict?
}

/// A page of the list and the cursor for the next one (nil on the last page).
public struct AttemptPage: Sendable {
    public var rows: [AttemptSummary]
    public var nextBefore: Int?
}

/// The distinct values a list filter can take, for the filter form's choices.
public struct AttemptFacets: Sendable, Hashable {
    public var datasets: [String] = []
    public var formulations: [String] = []
    public var terminations: [String] = []
    public var models: [String] = []
    public var workers: [String] = []

    public init(datasets: [String] = [], formulations: [String] = [], terminations: [String] = [], models: [String] = [], workers: [String] = []) {
        self.datasets = datasets
        self.formulations = formulations
        self.terminations = terminations
        self.models = models
        self.workers = workers
    }
}

import Foundation

/// Everything one attempt at a task did: the unit the store keeps, reports count and mining reads.
///
/// The JSON form is stable: snake_case keys, produced only through `encoded()` and read back
/// through `decode(_:)`. Add fields as optionals so older rows still decode.
public struct Trajectory: Sendable, Hashable, Codable {
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var task: AgentTask
    public var attempt: Int
    public var planModel: ModelIdentity
    public var groundModel: ModelIdentity
    /// One entry per subgoal (iterative) or a single entry (onetime).
    public var steps: [Step]
    public var modelCalls: [ModelCall]
    public var actions: [ActionRecord]
    public var finalAnswer: String?
    /// The gold answer after the dataset's extraction (GSM8K: the text after `####`).
    public var goldAnswer: String?
    public var scores: Scores
    public var correct: Bool
    public var termination: TerminationReason
    /// Human-readable detail for a non-`answered` termination.
    public var terminationDetail: String?
    public var startedAt: Date
    public var milliseconds: Double
    /// The queue batch the attempt ran for, set by the worker (nil for `run-task` and older rows).
    public var batchId: String?

    public init(
        task: AgentTask,
        attempt: Int,
        planModel: ModelIdentity,
        groundModel: ModelIdentity,
        steps: [Step] = [],
        modelCalls: [ModelCall] = [],
        actions: [ActionRecord] = [],
        finalAnswer: String? = nil,
        goldAnswer: String? = nil,
        scores: Scores = Scores(),
        correct: Bool = false,
        termination: TerminationReason,
        terminationDetail: String? = nil,
        startedAt: Date = Date(),
        milliseconds: Double = 0
    ) {
        self.schemaVersion = Self.schemaVersion
        self.task = task
        self.attempt = attempt
        self.planModel = planModel
        self.groundModel = groundModel
        self.steps = steps
        self.modelCalls = modelCalls
        self.actions = actions
        self.finalAnswer = finalAnswer
        self.goldAnswer = goldAnswer
        self.scores = scores
        self.correct = correct
        self.termination = termination
        self.terminationDetail = terminationDetail
        self.startedAt = startedAt
        self.milliseconds = milliseconds
    }

    public func encoded(pretty: Bool = false) throws -> Data {
        try WireJSON.encoder(pretty: pretty).encode(self)
    }

    public static func decode(_ data: Data) throws -> Trajectory {
        try WireJSON.decoder().decode(Trajectory.self, from: data)
    }
}

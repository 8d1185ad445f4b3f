/// One planning/grounding/execution round. Mining rebuilds the Lumos training messages from these.
public struct Step: Sendable, Hashable, Codable {
    /// 1-based subgoal number (onetime: 1, covering all subgoals).
    public var index: Int
    /// The planner's stripped output, exactly as it was appended to the planning conversation.
    public var plannerOutput: String
    /// The subgoal text(s) without the "No, I will keep planning. " prefix.
    public var subgoals: [String]
    /// The grounder's stripped output: the action line.
    public var actionLine: String?
    /// The result fed back to the planner ("The executed result for Subgoal N is …").
    public var executedResult: String?

    public init(index: Int, plannerOutput: String, subgoals: [String], actionLine: String? = nil, executedResult: String? = nil) {
        self.index = index
        self.plannerOutput = plannerOutput
        self.subgoals = subgoals
        self.actionLine = actionLine
        self.executedResult = executedResult
    }
}

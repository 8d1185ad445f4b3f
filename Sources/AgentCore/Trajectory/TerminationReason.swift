/// Why an attempt ended. Only infrastructure reasons make the worker retry the task;
/// the rest are valid (possibly negative) trajectories.
public enum TerminationReason: String, Sendable, Hashable, Codable, CaseIterable {
    case answered
    case plannerStopped = "planner_stopped"
    case turnLimit = "turn_limit"
    case parseError = "parse_error"
    case toolError = "tool_error"
    case modelError = "model_error"
    case timeout
    case cancelled

    /// A model endpoint that is down is infrastructure, not the agent's fault: retry the task.
    public var isInfrastructureFailure: Bool { self == .modelError }
}

/// Why an attempt ended. Only infrastructure reasons make the worker retry the task;
/// the rest are valid (possibly negative) trajectories.
public enum TerminationReason: String, Sendable, Hashable, Codable, CaseIterable {
    case answered
    case plannerStopped = "planner_stopped"
    case turnLimit = "turn_limit"
    case parseError = "parse_error"
    case toolError = "tool_error"
    case modelError = "model_error"
    /// The input itself cannot be run (a question longer than the model's context, a prompt the
    /// endpoint rejects as invalid): retrying cannot help, so the task fails permanently.
    case inputError = "input_error"
    case timeout
    case cancelled

    /// A model endpoint that is down is infrastructure, not the agent's fault: retry the task.
    public var isInfrastructureFailure: Bool { self == .modelError }

    /// The task can never succeed as submitted: the worker dead-letters it on its first attempt.
    public var isPermanentFailure: Bool { self == .inputError }
}

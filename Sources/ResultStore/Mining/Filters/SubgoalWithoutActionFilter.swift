import Foundation
import AgentCore

/// `subgoal-without-action`: a subgoal that no action carries out. Iterative: a subgoal turn
/// whose action line ran no action. Onetime (one line for all subgoals): fewer actions than
/// subgoals.
public struct SubgoalWithoutActionFilter: TrajectoryFilter {
    public static let name = "subgoal-without-action"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        switch trajectory.task.formulation {
        case .iterative:
            return trajectory.steps.contains { step in
                !step.subgoals.isEmpty && !trajectory.actions.contains { $0.step == step.index && Self.isToolCall($0) }
            }
        case .onetime:
            let subgoals = trajectory.steps.flatMap(\.subgoals).count
            return trajectory.actions.filter(Self.isToolCall).count < subgoals
        }
    }

    /// A parsed call of a tool; `Output = (R2)` assignments name no tool.
    static func isToolCall(_ action: ActionRecord) -> Bool { !(action.name ?? "").isEmpty }
}

import Foundation
import AgentCore

/// `complete`: the attempt answered, every action parsed and ran without an error, and an
/// iterative planner said its stop turn. (Correctness is checked before any filter runs.)
public struct CompleteFilter: TrajectoryFilter {
    public static let name = "complete"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        guard trajectory.termination == .answered, trajectory.finalAnswer != nil, !trajectory.actions.isEmpty else { return true }
        if trajectory.actions.contains(where: { $0.name == nil || $0.error != nil }) { return true }
        if trajectory.task.formulation == .iterative {
            guard let last = trajectory.steps.last, last.subgoals.isEmpty,
                  last.plannerOutput.contains(LumosPrompts.stopMarker) else { return true }
        }
        return false
    }
}

import Foundation
import AgentCore

/// `length`: more subgoal turns or more characters of model output (subgoals and action lines)
/// than a trainer wants in one example. Limits are generous by default and set with
/// `mine --max-steps` and `--max-chars`.
public struct LengthFilter: TrajectoryFilter {
    public static let name = "length"
    public var name: String { Self.name }
    public var maxSteps: Int
    public var maxCharacters: Int

    public init(maxSteps: Int = 12, maxCharacters: Int = 4000) {
        self.maxSteps = maxSteps
        self.maxCharacters = maxCharacters
    }

    public func rejects(_ trajectory: Trajectory) -> Bool {
        let steps = trajectory.steps.filter { !$0.subgoals.isEmpty }
        let characters = steps.reduce(0) { total, step in
            total + step.subgoals.reduce(0) { $0 + $1.count } + (step.actionLine?.count ?? 0)
        }
        return steps.count > maxSteps || characters > maxCharacters
    }
}

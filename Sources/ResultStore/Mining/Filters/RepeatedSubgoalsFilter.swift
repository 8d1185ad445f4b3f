import Foundation
import AgentCore

/// `repeated-subgoals`: two subgoals say the same thing (after normalisation and without their
/// "Subgoal N:" label), like `Subgoal 1: Calculate the days.; Subgoal 2: Calculate the days.`.
public struct RepeatedSubgoalsFilter: TrajectoryFilter {
    public static let name = "repeated-subgoals"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        var seen: Set<String> = []
        for subgoal in trajectory.steps.flatMap(\.subgoals) {
            let text = TextNormalizer.subgoalBody(subgoal)
            if text.isEmpty { continue }
            if !seen.insert(text).inserted { return true }
        }
        return false
    }
}

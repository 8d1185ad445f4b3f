import Foundation
import AgentCore

/// How many trajectories of one item become examples (`mine --max-per-item`, default 1): the
/// lowest sample numbers first, skipping any whose normalised subgoals and actions equal one
/// already kept, so extra examples of an item differ from each other.
struct ExampleSelector {
    static let name = "max-per-item"
    var maxPerItem: Int

    /// Splits an item's passing trajectories into kept and left out.
    func select(_ trajectories: [Trajectory]) -> (kept: [Trajectory], leftOut: [Trajectory]) {
        let ordered = trajectories.sorted { ($0.task.rollout?.sample ?? 0, $0.task.id) < ($1.task.rollout?.sample ?? 0, $1.task.id) }
        var kept: [Trajectory] = []
        var leftOut: [Trajectory] = []
        var seen: Set<String> = []
        for trajectory in ordered {
            if kept.count < maxPerItem, seen.insert(Self.signature(trajectory)).inserted {
                kept.append(trajectory)
            } else {
                leftOut.append(trajectory)
            }
        }
        return (kept, leftOut)
    }

    static func signature(_ trajectory: Trajectory) -> String {
        trajectory.steps.map { step in
            step.subgoals.map(TextNormalizer.subgoalBody).joined(separator: " | ") + " => " + TextNormalizer.normalized(step.actionLine ?? "")
        }.joined(separator: " || ")
    }
}

/// The deterministic train/validation split (`mine --validation-fraction`): by item id, so
/// every sample of an item lands on the same side, and the same item always lands there.
struct DatasetSplit {
    var validationFraction: Double

    func isValidation(item: String) -> Bool {
        validationFraction > 0 && StableHash.unit("lumos-split:" + item) < validationFraction
    }
}

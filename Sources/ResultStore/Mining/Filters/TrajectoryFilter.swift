import Foundation
import AgentCore

/// One named quality check that `mine` runs on each correct trajectory before it becomes
/// training examples. A filter only looks at one trajectory; per-item choices (how many
/// examples an item keeps) and decontamination are separate stages.
public protocol TrajectoryFilter: Sendable {
    /// The name users switch it off by (`mine --no-filter NAME`) and the summary counts under.
    var name: String { get }
    /// True when the trajectory must not become an example.
    func rejects(_ trajectory: Trajectory) -> Bool
}

/// The per-trajectory filters `mine` knows, in the order it applies them; the first that rejects
/// a trajectory is the one it is counted under.
public enum TrajectoryFilters {
    public static let names = [
        CompleteFilter.name, RepeatedSubgoalsFilter.name, RepeatedActionsFilter.name,
        SubgoalWithoutActionFilter.name, DeadActionsFilter.name, NegativeIntermediateFilter.name, LengthFilter.name,
    ]

    /// Every filter on by default, less the disabled ones, with the given length limits.
    public static func standard(disabled: Set<String> = [], limits: LengthFilter = LengthFilter()) -> [any TrajectoryFilter] {
        let all: [any TrajectoryFilter] = [
            CompleteFilter(), RepeatedSubgoalsFilter(), RepeatedActionsFilter(), SubgoalWithoutActionFilter(),
            DeadActionsFilter(), NegativeIntermediateFilter(), limits,
        ]
        return all.filter { !disabled.contains($0.name) }
    }
}

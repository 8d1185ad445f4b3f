import Foundation
import AgentCore

/// `repeated-actions`: the same tool called twice with the same arguments (as written), which
/// only repeats work: `R1 = Calculator(2 * 3); R2 = Calculator(2 * 3)`.
public struct RepeatedActionsFilter: TrajectoryFilter {
    public static let name = "repeated-actions"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        var seen: Set<String> = []
        for action in trajectory.actions {
            guard let tool = action.name, let arguments = action.arguments else { continue }
            let key = tool + "(" + arguments.filter { !$0.isWhitespace } + ")"
            if !seen.insert(key).inserted { return true }
        }
        return false
    }
}

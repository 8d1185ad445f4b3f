import Foundation
import AgentCore

/// `dead-actions`: an action whose output no later action reads and which is not the final
/// answer (the last action): work that does not lead to the answer.
public struct DeadActionsFilter: TrajectoryFilter {
    public static let name = "dead-actions"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        let actions = trajectory.actions.filter { $0.name != nil }
        guard actions.count > 1 else { return false }
        for (index, action) in actions.enumerated().dropLast() {
            let later = actions[(index + 1)...]
            let used = action.outputs.contains { output in
                later.contains { Self.mentions($0.arguments ?? "", variable: output) }
            }
            if !used { return true }
        }
        return false
    }

    /// True when `text` names `variable` as a whole word (R1 in `R1 * 2`, not in `R12`).
    static func mentions(_ text: String, variable: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: variable) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isWord = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWord(before), !isWord(after) { return true }
            search = text[range.upperBound...]
        }
        return false
    }
}

import Foundation
import AgentCore

/// `negative-intermediate` (maths): an action's result is negative although neither the
/// question nor the gold answer has a negative number. Word problems of GSM8K and SVAMP count
/// and pay; a negative step there means the subtraction ran the wrong way, as in
/// `R2 = Calculator(11 - R1 + 20)`, and a right final answer after it is luck.
public struct NegativeIntermediateFilter: TrajectoryFilter {
    public static let name = "negative-intermediate"
    public var name: String { Self.name }
    public init() {}

    public func rejects(_ trajectory: Trajectory) -> Bool {
        guard trajectory.task.domain == .maths else { return false }
        if Self.hasNegative(trajectory.task.question) || Self.hasNegative(trajectory.goldAnswer ?? "") { return false }
        return trajectory.actions.contains { action in
            guard let result = action.result?.trimmingCharacters(in: .whitespaces) else { return false }
            return result.hasPrefix("-") && result.dropFirst().first?.isNumber == true
        }
    }

    /// A minus sign right before a digit, not between two numbers (`5-3` is a range or a sum).
    static func hasNegative(_ text: String) -> Bool {
        let characters = Array(text)
        for (i, c) in characters.enumerated() where c == "-" || c == "−" {
            guard i + 1 < characters.count, characters[i + 1].isNumber else { continue }
            if i == 0 || !(characters[i - 1].isNumber || characters[i - 1].isLetter) { return true }
        }
        return false
    }
}

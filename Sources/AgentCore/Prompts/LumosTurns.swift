import Foundation

/// The derived user turns of the iterative loop (lumos-spec §4.1, §4.3), shared by the live loop
/// and the few-shot examples so both always read alike.
public enum LumosTurns {
    /// The planner's output without the "No, I will keep planning." prefix (§4.3).
    public static func subgoalWithoutContinuePrefix(_ output: String) -> String {
        (output.components(separatedBy: LumosPrompts.continueMarker).last ?? output).pythonStripped
    }

    /// `subgoal.strip().split(":")[0].split("No, I will keep planning.")[-1].strip()`, e.g. `Subgoal 2`.
    public static func subgoalKey(_ output: String) -> String {
        let head = output.pythonStripped.components(separatedBy: ":")[0]
        return (head.components(separatedBy: LumosPrompts.continueMarker).last ?? head).pythonStripped
    }

    /// `actions[-1].split("=")[-1].strip()`: the text after the last `=` of the action-log entry.
    public static func textAfterLastEquals(_ logEntry: String) -> String {
        (logEntry.components(separatedBy: "=").last ?? logEntry).pythonStripped
    }

    /// The result shown to the planner after subgoal n.
    public static func feedbackResult(
        domain: Domain, logEntry: String, lastValue: String?, deviations: ReferenceDeviations
    ) -> String {
        if domain == .complexQA, deviations.contains(.bareAnswerInQAFeedback), let lastValue {
            let answer = lastValue.after(first: "Answer: ") ?? lastValue
            return answer.pythonStripped.pythonStripped(characters: ".")
        }
        return textAfterLastEquals(logEntry)
    }

    /// The grounder's follow-up turn for a later subgoal. `results` maps `Subgoal k` to the stored
    /// result of subgoal k's last action (complex QA only).
    public static func groundFollowUp(
        domain: Domain, plannerOutput: String, results: [String: String], deviations: ReferenceDeviations
    ) -> String {
        switch domain {
        case .maths:
            let subgoal = deviations.contains(.stripContinuePrefixInMathsGrounding)
                ? subgoalWithoutContinuePrefix(plannerOutput) : plannerOutput.pythonStripped
            return LumosPrompts.groundFollowUp(subgoal: subgoal)
        case .complexQA:
            var clauses: [(key: String, text: String)] = []
            for key in results.keys.sorted() {
                guard let stored = results[key], stored.contains("Answer: ") else { continue }
                var text = stored.components(separatedBy: "Answer: ")[1]
                if deviations.contains(.periodAfterQAGroundingResults), !text.hasSuffix(".") { text += "." }
                clauses.append((key, text))
            }
            return LumosPrompts.qaGroundFollowUp(subgoal: subgoalWithoutContinuePrefix(plannerOutput), results: clauses)
        }
    }
}

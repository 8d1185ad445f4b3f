import AgentCore
import Foundation

/// Rebuilds Lumos training conversations from a trajectory's steps (lumos-spec §9.3).
///
/// The trajectory plays the part of the GPT-4 annotation: each step's subgoal, action line and
/// executed result stand for a `Subgoal k` block, its actions and the result of its last action.
enum AnnotationBuilder {
    enum Module: String, Sendable, Hashable, Codable, CaseIterable {
        case plan
        case ground
    }

    /// The plan and ground conversations, or nil for a module the trajectory cannot supply.
    static func examples(for trajectory: Trajectory) -> [Module: [AnnotationMessage]] {
        let task = trajectory.task.question.pythonStripped
        let domain = trajectory.task.domain
        switch trajectory.task.formulation {
        case .iterative:
            // The final "Yes, I will stop planning." turn carries no subgoal.
            let subgoalSteps = trajectory.steps.filter { !$0.subgoals.isEmpty }
            // Like Lumos, drop the example when a subgoal has no actions or no result.
            guard !subgoalSteps.isEmpty,
                  subgoalSteps.allSatisfy({ step in
                      !(step.actionLine ?? "").pythonStripped.isEmpty && step.executedResult != nil
                  })
            else { return [:] }
            return [
                .plan: iterativePlan(task: task, steps: subgoalSteps),
                .ground: iterativeGround(task: task, domain: domain, steps: subgoalSteps),
            ]
        case .onetime:
            guard let step = trajectory.steps.first(where: { !$0.subgoals.isEmpty }) else { return [:] }
            var result: [Module: [AnnotationMessage]] = [
                .plan: [.user(LumosPrompts.planFirstUser(task: task)), .assistant(step.subgoals.joined(separator: "; "))],
            ]
            if let line = step.actionLine.map(\.pythonStripped), !line.isEmpty {
                result[.ground] = [
                    .user(LumosPrompts.groundOnetimeUser(
                        domain: domain, task: task, planLine: step.subgoals.joined(separator: "; ")) + "\n"),
                    .assistant(line),
                ]
            }
            return result
        }
    }

    private static func iterativePlan(task: String, steps: [Step]) -> [AnnotationMessage] {
        var messages: [AnnotationMessage] = [.user(LumosPrompts.planFirstUser(task: task))]
        for (j, step) in steps.enumerated() {
            let subgoal = step.subgoals[0]
            messages.append(.assistant(j == 0 ? subgoal : LumosPrompts.continuePrefix + subgoal))
            messages.append(.user(LumosPrompts.feedback(subgoal: j + 1, result: planResult(step.executedResult ?? ""))))
        }
        messages.append(.assistant(LumosPrompts.stopAnswer))
        return messages
    }

    private static func iterativeGround(task: String, domain: Domain, steps: [Step]) -> [AnnotationMessage] {
        var messages: [AnnotationMessage] = []
        var earlier: [(key: String, text: String)] = []
        for (j, step) in steps.enumerated() {
            let subgoal = step.subgoals[0]
            let user: String
            if j == 0 {
                user = LumosPrompts.groundFirstUser(domain: domain, task: task, subgoal: subgoal)
            } else if domain == .complexQA {
                // Earlier results in lexicographic key order, as Lumos iterates its dict keys.
                user = LumosPrompts.qaGroundFollowUp(subgoal: subgoal, results: earlier.sorted { $0.key < $1.key })
            } else {
                user = LumosPrompts.groundFollowUp(subgoal: subgoal)
            }
            // The training files keep a trailing newline on every grounding user turn (§9.3).
            messages.append(.user(user + "\n"))
            messages.append(.assistant((step.actionLine ?? "").pythonStripped))
            earlier.append((key: "Subgoal \(j + 1)", text: answerText(step.executedResult ?? "")))
        }
        return messages
    }

    /// §9.3: the result as the planner was trained to see it: stripped, then leading and trailing
    /// periods removed. QA results keep only their answer (training saw bare results, §12.4).
    static func planResult(_ executed: String) -> String {
        var text = answerText(executed).pythonStripped
        while text.hasPrefix(".") { text.removeFirst() }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The text after the first "Answer: " of a QA result (`Question: …; Answer: …`), else all of it.
    static func answerText(_ executed: String) -> String {
        let parts = executed.components(separatedBy: "Answer: ")
        return parts.count > 1 ? parts[1] : executed
    }
}

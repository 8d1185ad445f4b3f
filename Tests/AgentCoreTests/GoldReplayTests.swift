import Foundation
import Testing
@testable import AgentCore
import TestSupport

/// Scripted models replay gold Lumos plans converted from the GSM8K annotations; both
/// formulations must reach the gold answer on at least 95% of the problems that convert.
@Suite struct GoldReplayTests {
    func replay(_ formulation: Formulation) throws -> (converted: Int, total: Int, correct: Int, failures: [String]) {
        let items = try Fixtures.gsm8k()
        var converted = 0
        var correct = 0
        var failures: [String] = []
        for (index, item) in items.enumerated() {
            guard let gold = GoldAnswer.extract(item.answer, dataset: .gsm8k),
                  let plan = GoldLumosPlan(rationale: item.answer, gold: gold) else { continue }
            converted += 1
            let planner: ScriptedModel
            let grounder: ScriptedModel
            switch formulation {
            case .iterative:
                planner = ScriptedModel(plan.iterativePlannerOutputs)
                grounder = ScriptedModel(plan.actions)
            case .onetime:
                planner = ScriptedModel([plan.subgoals.joined(separator: "; ")])
                grounder = ScriptedModel([plan.actions.joined(separator: "; ")])
            }
            let task = AgentTask(id: "gsm8k-\(index)", dataset: .gsm8k, domain: .maths, formulation: formulation,
                                 question: item.question, answer: item.answer)
            let trajectory = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder))
                .run(task, attempt: 1, cancel: CancellationFlag())
            if trajectory.correct {
                correct += 1
            } else if failures.count < 5 {
                failures.append("#\(index): \(trajectory.termination) \(trajectory.terminationDetail ?? "") final=\(trajectory.finalAnswer ?? "nil") gold=\(gold)")
            }
        }
        return (converted, items.count, correct, failures)
    }

    @Test(arguments: Formulation.allCases)
    func goldPlansReachTheGoldAnswer(_ formulation: Formulation) throws {
        let result = try replay(formulation)
        let rate = Double(result.correct) / Double(max(1, result.converted))
        print("gold replay \(formulation): \(result.correct)/\(result.converted) correct (\(result.converted) of \(result.total) problems convert), \(String(format: "%.2f", rate * 100))%")
        for failure in result.failures { print("  \(failure)") }
        #expect(result.converted > 1000)
        #expect(rate >= 0.95)
    }
}

import AgentCore
import Foundation
import Testing
@testable import ResultStore
import TestSupport

/// The agent loop's own recording of steps must mine to the spec's worked examples (lumos-spec §9.4)
/// byte for byte.
@Test func agentLoopTrajectoriesMineToTheSpecExamples() throws {
    let scratch = try Scratch()
    let store = try TrajectoryStore.open(path: scratch.path("i.db"))
    let leah = "Leah earned $28 working odd jobs around the neighborhood. She spent a seventh of it on a milkshake and put half of the rest in her savings account. She left the remaining money in her wallet. Her dog got ahold of her wallet and shredded all the money inside but $1. How many dollars did Leah lose?"
    let subgoals = [
        "Subgoal 1: Calculate the amount Leah spent on milkshake.",
        "Subgoal 2: Calculate Leah's rest money after buying milkshake.",
        "Subgoal 3: Calculate the amount Leah spent in her savings account.",
        "Subgoal 4: Calculate the amount Leah remained in her wallet.",
        "Subgoal 5: Calculate the amount Leah lost after her dog shredded all the money in her wallet.",
    ]
    let actions = ["R1 = Calculator(28 * 1/7)", "R2 = Calculator(28 - R1)", "R3 = Calculator(R2 / 2)", "R4 = Calculator(R2 - R3)", "R5 = Calculator(R4 - 1)"]
    let planOut = subgoals.enumerated().map { $0 == 0 ? $1 : "No, I will keep planning. " + $1 } + ["Yes, I will stop planning."]
    for formulation in Formulation.allCases {
        let planner = formulation == .iterative ? ScriptedModel(planOut) : ScriptedModel([subgoals.joined(separator: "; ")])
        let grounder = formulation == .iterative ? ScriptedModel(actions) : ScriptedModel([actions.joined(separator: "; ")])
        let task = AgentTask(id: "leah-\(formulation)", dataset: .gsm8k, domain: .maths, formulation: formulation, question: leah, answer: "#### 11")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder))
            .run(task, attempt: 1, cancel: CancellationFlag())
        #expect(trajectory.correct)
        try store.write(trajectory, workerID: "w")
    }

    let out = scratch.path("mined")
    _ = try AnnotationMiner.mine(store: store, into: out)
    let read = { (n: String) in try? String(contentsOfFile: "\(out)/\(n)", encoding: .utf8) }
    #expect(read("lumos_maths_plan_iterative.jsonl") == SpecExamples.mathsPlanIterative + "\n")
    #expect(read("lumos_maths_ground_iterative.jsonl") == SpecExamples.mathsGroundIterative + "\n")
    #expect(read("lumos_maths_plan_onetime.jsonl") == SpecExamples.mathsPlanOnetime + "\n")
    #expect(read("lumos_maths_ground_onetime.jsonl") == SpecExamples.mathsGroundOnetime + "\n")
}

import Foundation
import Testing
@testable import AgentCore
import TestSupport

@Suite struct AgentLoopTests {
    func run(
        _ formulation: Formulation, plan: [String], ground: [String], dataset: Dataset = .gsm8k,
        answer: String? = "18", maxTurns: Int? = nil, cancel: CancellationFlag = CancellationFlag(),
        profile: ModelProfile = .lumos
    ) -> (Trajectory, ScriptedModel, ScriptedModel) {
        let planner = ScriptedModel(plan, profile: profile)
        let grounder = ScriptedModel(ground, profile: profile)
        let task = AgentTask(id: "t", dataset: dataset, domain: .maths, formulation: formulation, question: "Janet has 16 eggs…", answer: answer)
        let runner = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder, maxTurns: maxTurns))
        return (runner.run(task, attempt: 2, cancel: cancel), planner, grounder)
    }

    @Test func onetimeMathsAnswersWithTheOutputVariable() {
        let (trajectory, _, _) = run(.onetime, plan: ["Subgoal 1: Eggs left.; Subgoal 2: Money."],
                                     ground: ["R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2); Output = (R2)"])
        #expect(trajectory.finalAnswer == "18")
        #expect(trajectory.correct && trajectory.termination == .answered)
        #expect(trajectory.steps.count == 1 && trajectory.steps[0].subgoals == ["Subgoal 1: Eggs left.", "Subgoal 2: Money."])
        #expect(trajectory.actions.map(\.substitutedArguments) == ["16 - 3 - 4", "(9) * 2", "18"])
        #expect(trajectory.attempt == 2)
    }

    @Test func malformedGroundingEndsTheAttemptAsParseError() {
        let (trajectory, _, _) = run(.iterative, plan: ["Subgoal 1: Eggs left."], ground: ["I think the answer is 9"])
        #expect(trajectory.termination == .parseError)
        #expect(trajectory.actions.count == 1)
        #expect(trajectory.actions[0].error?.contains("assignment") == true)
        #expect(trajectory.finalAnswer == nil && !trajectory.correct)
    }

    @Test func emptyGroundingLineIsAParseError() {
        let (trajectory, _, _) = run(.onetime, plan: ["Subgoal 1: x."], ground: [""])
        #expect(trajectory.termination == .parseError)
        #expect(trajectory.actions.first?.error == "The grounder produced no actions.")
    }

    @Test func failingToolEndsTheAttemptAsToolError() {
        let (trajectory, _, _) = run(.iterative, plan: ["Subgoal 1: x."], ground: ["R1 = Calculator(R7 + 1)"])
        #expect(trajectory.termination == .toolError)
        #expect(trajectory.actions[0].error?.contains("R7") == true)
    }

    @Test func referenceModeKeepsPlanningAfterAFailureAndFeedsBackTheBareAction() throws {
        let planner = ScriptedModel(["Subgoal 1: a.", "Yes, I will stop planning."])
        let grounder = ScriptedModel(["R1 = Calculator(R9 + 1); R2 = Calculator(R1*2)"])
        let task = AgentTask(id: "t", dataset: .gsm8k, domain: .maths, formulation: .iterative, question: "q", answer: "1")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder, deviations: .reference))
            .run(task, attempt: 1, cancel: CancellationFlag())
        let feedback = try #require(planner.prompts.last)
        #expect(feedback.hasSuffix("The executed result for Subgoal 1 is Calculator(R1*2). Should we stop planning?\n<|assistant|>\n"))
        #expect(trajectory.termination == .toolError)
        #expect(trajectory.finalAnswer == nil)
    }

    @Test func plannerThatNeverStopsHitsTheTurnLimitButIsStillScored() {
        let (trajectory, planner, _) = run(.iterative, plan: ["Subgoal 1: a.", "No, I will keep planning. Subgoal 2: b."],
                                           ground: ["R1 = Calculator(16 - 3 - 4)", "R2 = Calculator(R1 * 2)"], dataset: .svamp)
        #expect(planner.prompts.count == 2)
        #expect(trajectory.termination == .turnLimit)
        #expect(trajectory.finalAnswer == "18" && trajectory.correct)
    }

    @Test func zeroOrNegativeTurnBudgetEndsAtTheTurnLimitWithoutCalls() {
        for budget in [0, -3] {
            let (trajectory, planner, _) = run(.iterative, plan: ["Subgoal 1: a."], ground: [], maxTurns: budget)
            #expect(trajectory.termination == .turnLimit)
            #expect(planner.prompts.isEmpty)
        }
    }

    @Test func stopOnTheFirstTurnIsPlannerStopped() {
        let (trajectory, _, grounder) = run(.iterative, plan: ["Yes, I will stop planning."], ground: [])
        #expect(trajectory.termination == .plannerStopped)
        #expect(grounder.prompts.isEmpty)
    }

    @Test(arguments: [(CancellationFlag.Reason.timeout, TerminationReason.timeout), (.cancelled, .cancelled), (.shutdown, .cancelled)])
    func cancellationMapsToTimeoutOrCancelled(_ reason: CancellationFlag.Reason, _ expected: TerminationReason) {
        let flag = CancellationFlag()
        flag.cancel(reason)
        let (trajectory, planner, _) = run(.iterative, plan: ["Subgoal 1: a."], ground: [], cancel: flag)
        #expect(trajectory.termination == expected)
        #expect(planner.prompts.isEmpty)
    }

    @Test func trajectoryJSONHasTheTopLevelFieldsTheCommandPrints() throws {
        let (trajectory, _, _) = run(.onetime, plan: ["Subgoal 1: x."], ground: ["R1 = Calculator(9 * 2)"], answer: "#### 18")
        let object = try #require(try JSONSerialization.jsonObject(with: trajectory.encoded()) as? [String: Any])
        #expect(object["final_answer"] as? String == "18")
        #expect(object["gold_answer"] as? String == "18")
        #expect(object["correct"] as? Bool == true)
        #expect(object["termination"] as? String == "answered")
        let calls = try #require(object["model_calls"] as? [[String: Any]])
        #expect(calls.count == 2 && calls[0]["prompt"] as? String != nil && calls[0]["completion"] as? String == "Subgoal 1: x.")
        var decoded = try Trajectory.decode(trajectory.encoded())
        decoded.startedAt = trajectory.startedAt  // ISO 8601 keeps whole seconds only
        #expect(decoded == trajectory)
    }

    @Test func garbageModelOutputNeverCrashesTheLoop() {
        let outputs = ["", "((((", "R1 = ", " = )(", "R1 = Calculator(", "Output = ", "R1, = Calculator(1)", "R1 = Calculator(1/0)",
                       "R1 = SolveEquation(x = x + 1)", "R1 = Define(); R2 = ", "Subgoal 1: ; ; ;", "R1 = Calculator(1)) = = ="]
        for output in outputs {
            for formulation in Formulation.allCases {
                let (trajectory, _, _) = run(formulation, plan: [output, output], ground: [output, output])
                #expect(trajectory.termination != .answered || trajectory.finalAnswer != nil)
            }
        }
    }

    @Test func fewshotProfilePutsWorkedExamplesAheadOfTheTask() throws {
        let (trajectory, planner, grounder) = run(.iterative, plan: ["Subgoal 1: Eggs left.", "Yes, I will stop planning."],
                                                  ground: ["R1 = Calculator(16 - 3 - 4)"], answer: "9", profile: .fewshot)
        #expect(trajectory.correct)
        #expect(trajectory.planModel.profile == "fewshot")
        let plan = try #require(planner.prompts.first)
        #expect(plan.hasPrefix("<|user|>\nPlease provide a reasonable subgoal-based plan to solve the given task.\nTask: A baker made 30 cookies."))
        #expect(plan.contains("<|assistant|>\nNo, I will keep planning. Subgoal 2: Calculate the number of cookies the baker has left.\n\n<|user|>\n"))
        #expect(plan.contains("The executed result for Subgoal 2 is 18. Should we stop planning?\n<|assistant|>\nYes, I will stop planning.\n\n<|user|>\n"))
        #expect(plan.hasSuffix("Task: Janet has 16 eggs…; Initial Environment Description: None.\n<|assistant|>\n"))
        let ground = try #require(grounder.prompts.first)
        #expect(ground.contains("Subgoal to be grounded: Subgoal 2: Calculate the total cost of the shirts and the hat.\n<|assistant|>\nR2 = Calculator(R1 + 8)\n\n"))
        #expect(ground.hasSuffix("Subgoal to be grounded: Subgoal 1: Eggs left.\n<|assistant|>\n"))
        #expect(ModelProfile.fewshot.addBOS && ModelProfile.fewshot.stop.first == "\n")
    }

    @Test func fewshotGemmaProfileUsesGemmaTurnMarkers() throws {
        let (_, planner, _) = run(.onetime, plan: ["Subgoal 1: x."], ground: ["R1 = Calculator(1)"], profile: .fewshotGemma)
        let plan = try #require(planner.prompts.first)
        #expect(plan.hasPrefix("<start_of_turn>user\nPlease provide a reasonable subgoal-based plan"))
        #expect(plan.contains("<end_of_turn>\n<start_of_turn>model\nSubgoal 1: Calculate the number of cookies the baker sold.; Subgoal 2: Calculate the number of cookies the baker has left.<end_of_turn>\n"))
        #expect(plan.hasSuffix("<end_of_turn>\n<start_of_turn>model\n"))
        #expect(ModelProfile.fewshotGemma.stop.contains("<end_of_turn>"))
    }

    @Test func fewshotOutputCutByTheTokenLimitKeepsOnlyCompleteActions() {
        #expect(ModuleCaller.droppingUnfinishedItem("R1 = Calculator(1); R2 = Calculator(R1 + 2); R3 = Calcu") == "R1 = Calculator(1); R2 = Calculator(R1 + 2)")
        #expect(ModuleCaller.droppingUnfinishedItem("R1 = Calcu") == "R1 = Calcu")
    }

    @Test func fewshotExamplesParseAndComputeTheirOwnResults() {
        for example in FewShotExamples.maths {
            let result = ActionLineExecutor(domain: .maths).run(example.actions.joined(separator: "; "))
            #expect(result.errors.isEmpty)
            #expect(result.variables.map(\.value) == example.results)
        }
    }

    @Test func lumosProfileSendsTheCheckpointContract() {
        let request = ModelProfile.lumos.request(prompt: "p")
        #expect(request.stop == ["\n"] && request.maxNewTokens == 512 && !request.addBOS && request.temperature == 0)
    }
}

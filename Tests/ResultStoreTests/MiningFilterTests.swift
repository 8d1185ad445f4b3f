import AgentCore
import Foundation
import Testing
@testable import ResultStore
import TestSupport

/// Each quality filter removes a trajectory made to fail it and keeps a clean one; the two
/// examples quoted in the issue are removed by the default filters.
@Suite struct MiningFilterTests {
    let clean = [RunTrajectories.leah(formulation: .onetime), RunTrajectories.leah(formulation: .iterative)]

    @Test func cleanTrajectoriesPassEveryDefaultFilter() {
        for trajectory in clean {
            #expect(trajectory.correct)
            for filter in TrajectoryFilters.standard() {
                #expect(!filter.rejects(trajectory), "\(filter.name) rejected the clean \(trajectory.task.formulation) trajectory")
            }
        }
    }

    @Test func completeRejectsAMissingStopTurnAFailedActionAndNoAnswer() {
        var noStop = RunTrajectories.leah(formulation: .iterative)
        noStop.steps.removeLast()
        #expect(CompleteFilter().rejects(noStop))
        var failedAction = clean[0]
        failedAction.actions[1].error = "division by zero"
        #expect(CompleteFilter().rejects(failedAction))
        var unparsed = clean[0]
        unparsed.actions[1].name = nil
        #expect(CompleteFilter().rejects(unparsed))
        var turnLimit = clean[0]
        turnLimit.termination = .turnLimit
        #expect(CompleteFilter().rejects(turnLimit))
    }

    @Test func repeatedSubgoalsAreRejected() {
        let water = RunTrajectories.run(id: "water", question: RunTrajectories.water, answer: "4",
                                        subgoals: RunTrajectories.waterSubgoals, actions: RunTrajectories.waterActions)
        #expect(water.correct)
        #expect(RepeatedSubgoalsFilter().rejects(water))
    }

    @Test func repeatedIdenticalActionsAreRejected() {
        let twice = RunTrajectories.run(id: "twice", question: "What is 6 times 2?", answer: "12",
                                        subgoals: ["Subgoal 1: Multiply.", "Subgoal 2: Multiply again."],
                                        actions: ["R1 = Calculator(6 * 2)", "R2 = Calculator(6*2)"])
        #expect(twice.correct)
        #expect(RepeatedActionsFilter().rejects(twice))
    }

    @Test func aSubgoalWithoutAnActionIsRejected() {
        let short = RunTrajectories.run(id: "short", question: "What is 6 times 2?", answer: "12",
                                        subgoals: ["Subgoal 1: Find the first number.", "Subgoal 2: Find the second number.", "Subgoal 3: Multiply them."],
                                        actions: ["R1 = Calculator(6 * 2)"])
        #expect(short.correct)
        #expect(SubgoalWithoutActionFilter().rejects(short))
        var iterative = RunTrajectories.leah(formulation: .iterative)
        iterative.actions.removeAll { $0.step == 3 }
        #expect(SubgoalWithoutActionFilter().rejects(iterative))
    }

    @Test func anActionWhoseOutputIsNeverUsedIsDead() {
        let dead = RunTrajectories.run(id: "dead", question: "What is 6 times 2?", answer: "12",
                                       subgoals: ["Subgoal 1: Add.", "Subgoal 2: Multiply."],
                                       actions: ["R1 = Calculator(6 + 2)", "R2 = Calculator(6 * 2)"])
        #expect(dead.correct)
        #expect(DeadActionsFilter().rejects(dead))
        #expect(DeadActionsFilter.mentions("R12 + 1", variable: "R1") == false)
        #expect(DeadActionsFilter.mentions("(R1)*2", variable: "R1"))
    }

    @Test func aNegativeStepInAWordProblemIsRejected() {
        let sara = RunTrajectories.run(id: "sara", question: RunTrajectories.sara, answer: "46",
                                       subgoals: RunTrajectories.saraSubgoals, actions: RunTrajectories.saraActions)
        #expect(sara.correct)
        #expect(NegativeIntermediateFilter().rejects(sara))
        // A question that has a negative number may have negative steps.
        let cold = RunTrajectories.run(id: "cold", question: "It is -3 degrees and warms by 5 degrees. How warm is it?", answer: "2",
                                       subgoals: ["Subgoal 1: Add the warming."], actions: ["R1 = Calculator(-3 + 5)"])
        #expect(!NegativeIntermediateFilter().rejects(cold))
    }

    @Test func lengthLimitsRejectLongTrajectories() {
        #expect(LengthFilter(maxSteps: 4).rejects(clean[1]))
        #expect(LengthFilter(maxCharacters: 100).rejects(clean[0]))
        #expect(!LengthFilter().rejects(clean[1]))
    }

    @Test func theIssuesTwoExamplesAreRemovedByTheDefaultFiltersAndCounted() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        let sara = RunTrajectories.run(id: "sara", question: RunTrajectories.sara, answer: "46",
                                       subgoals: RunTrajectories.saraSubgoals, actions: RunTrajectories.saraActions)
        let water = RunTrajectories.run(id: "water", question: RunTrajectories.water, answer: "4",
                                        subgoals: RunTrajectories.waterSubgoals, actions: RunTrajectories.waterActions)
        for trajectory in [sara, water, clean[0]] { try store.write(trajectory, workerID: "w") }
        let out = scratch.path("out")
        let summary = try AnnotationMiner.mine(store: store, into: out)
        #expect(summary.successful == 3 && summary.kept == 1)
        let stages = Dictionary(uniqueKeysWithValues: summary.stages.map { ($0.name, $0) })
        #expect(stages[RepeatedSubgoalsFilter.name]?.removed == 1 && stages[RepeatedSubgoalsFilter.name]?.example == "water")
        #expect(stages[NegativeIntermediateFilter.name]?.removed == 1 && stages[NegativeIntermediateFilter.name]?.example == "sara")
        let plan = try String(contentsOfFile: out + "/lumos_maths_plan_onetime.jsonl", encoding: .utf8)
        #expect(plan.split(separator: "\n").count == 1 && plan.contains("Leah"))

        // Switched off, the filters keep them.
        let all = try AnnotationMiner.mine(store: store, into: scratch.path("all"), options: .init(
            filters: TrajectoryFilters.standard(disabled: [RepeatedSubgoalsFilter.name, NegativeIntermediateFilter.name])))
        #expect(all.kept == 3)
    }

    @Test func moreExamplesPerItemKeepOnlyDistinctSamples() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        // Samples 1 and 2 are the same trajectory; sample 3 words its subgoals differently.
        try store.write(RunTrajectories.leah(id: "leah~s1", rollout: RunTrajectories.sample("leah", 1, of: 3)), workerID: "w")
        try store.write(RunTrajectories.leah(id: "leah~s2", rollout: RunTrajectories.sample("leah", 2, of: 3)), workerID: "w")
        let other = RunTrajectories.run(id: "leah~s3", question: RunTrajectories.leah, answer: "11",
                                        subgoals: RunTrajectories.leahSubgoals.map { $0.replacingOccurrences(of: "Calculate", with: "Work out") },
                                        actions: RunTrajectories.leahActions, rollout: RunTrajectories.sample("leah", 3, of: 3))
        try store.write(other, workerID: "w")
        let one = try AnnotationMiner.mine(store: store, into: scratch.path("one"))
        #expect(one.kept == 1 && one.items == 1)
        #expect(one.stages.first { $0.name == "max-per-item" }?.removed == 2)
        let two = try AnnotationMiner.mine(store: store, into: scratch.path("two"), options: .init(maxPerItem: 3))
        #expect(two.kept == 2)
    }

    @Test func theJudgesVerdictsRemoveTrajectoriesAndAreStoredAndReused() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        let sara = RunTrajectories.run(id: "sara", question: RunTrajectories.sara, answer: "46",
                                       subgoals: RunTrajectories.saraSubgoals, actions: RunTrajectories.saraActions)
        try store.write(sara, workerID: "w")
        try store.write(clean[0], workerID: "w")
        // A scripted judge (unit-test stand-in for a configured model) that answers "No" to every subgoal.
        let judge = ScriptedModel(["No, the actions subtract the wrong way."], name: "strict-judge")
        let options = AnnotationMiner.Options(filters: [], judge: MiningJudge(model: judge))
        let first = try AnnotationMiner.mine(store: store, into: scratch.path("a"), options: options)
        #expect(first.kept == 0)
        #expect(first.judge?.failed == 2 && first.judge?.reused == 0)
        #expect(first.stages.first { $0.name == "judge" }?.removed == 2)
        #expect(judge.prompts.contains { $0.contains("Subgoal: Subgoal 1: Calculate how much Sara earns.; Subgoal 2:") })
        #expect(try Report.build(from: store).judgeVerdicts == [Report.JudgeCount(judge: "scripted:strict-judge", passed: 0, failed: 2)])
        let again = try AnnotationMiner.mine(store: store, into: scratch.path("b"), options: options)
        #expect(again.judge?.reused == 2 && judge.prompts.count == 2)
    }
}

@testable import AgentCore
import Foundation
import Testing
@testable import ResultStore

/// Trajectories that replay the few-shot examples behind lumos-spec §9.4.
private enum SpecTrajectories {
    static let leah = "Leah earned $28 working odd jobs around the neighborhood. She spent a seventh of it on a milkshake and put half of the rest in her savings account. She left the remaining money in her wallet. Her dog got ahold of her wallet and shredded all the money inside but $1. How many dollars did Leah lose?"
    static let leahSubgoals = [
        "Subgoal 1: Calculate the amount Leah spent on milkshake.",
        "Subgoal 2: Calculate Leah's rest money after buying milkshake.",
        "Subgoal 3: Calculate the amount Leah spent in her savings account.",
        "Subgoal 4: Calculate the amount Leah remained in her wallet.",
        "Subgoal 5: Calculate the amount Leah lost after her dog shredded all the money in her wallet.",
    ]
    static let leahActions = ["R1 = Calculator(28 * 1/7)", "R2 = Calculator(28 - R1)", "R3 = Calculator(R2 / 2)", "R4 = Calculator(R2 - R3)", "R5 = Calculator(R4 - 1)"]

    static let genghis = "Are more people today related to Genghis Khan than Julius Caesar?"
    static let genghisSubgoals = [
        "Subgoal 1: Obtain the number of the kids that Julius Caesar had.",
        "Subgoal 2: Obtain the number of the kids that Genghis Khan had.",
        "Subgoal 3: Determine if Genghis Khan had more kids.",
    ]
    static let genghisActions = [
        "R1 = KnowledgeQuery(Julius Caesar); R2 = ParagraphRetrieve(R1, Query: How many kids did Julius Caesar have?); R3 = QA([R2], Question: How many kids did Julius Caesar have?)",
        "R4 = KnowledgeQuery(Genghis Khan); R5 = ParagraphRetrieve(R4, Query: How many kids did Genghis Khan have?); R6 = QA([R5], Question: How many kids did Genghis Khan have?)",
        "R7 = Calculator(R6 > R3)",
    ]
    // QA results as the tool returns them; training keeps only the answer.
    static let genghisResults = ["Question: How many kids did Julius Caesar have?; Answer: 3.", "Question: How many kids did Genghis Khan have?; Answer: 16.", "True"]

    static func iterative(id: String, dataset: Dataset, question: String, subgoals: [String], actions: [String], results: [String], correct: Bool = true) -> Trajectory {
        var steps = zip(subgoals, zip(actions, results)).enumerated().map { j, item in
            Step(index: j + 1, plannerOutput: (j == 0 ? "" : "No, I will keep planning. ") + item.0, subgoals: [item.0], actionLine: item.1.0, executedResult: item.1.1)
        }
        steps.append(Step(index: subgoals.count + 1, plannerOutput: "Yes, I will stop planning.", subgoals: []))
        return trajectory(id: id, dataset: dataset, formulation: .iterative, question: question, steps: steps, correct: correct)
    }

    static func onetime(id: String, dataset: Dataset, question: String, subgoals: [String], actions: [String], correct: Bool = true) -> Trajectory {
        let step = Step(index: 1, plannerOutput: subgoals.joined(separator: "; "), subgoals: subgoals, actionLine: actions.joined(separator: "; "), executedResult: nil)
        return trajectory(id: id, dataset: dataset, formulation: .onetime, question: question, steps: [step], correct: correct)
    }

    static func trajectory(id: String, dataset: Dataset, formulation: Formulation, question: String, steps: [Step], correct: Bool) -> Trajectory {
        Trajectory(
            task: AgentTask(id: id, dataset: dataset, domain: dataset.domain!, formulation: formulation, question: question),
            attempt: 1, planModel: Fixtures.model, groundModel: Fixtures.model, steps: steps,
            correct: correct, termination: .answered
        )
    }

    static var leahIterative: Trajectory { iterative(id: "leah-i", dataset: .gsm8k, question: leah, subgoals: leahSubgoals, actions: leahActions, results: ["4", "24", "12", "12", "11"]) }
    static var leahOnetime: Trajectory { onetime(id: "leah-o", dataset: .gsm8k, question: leah, subgoals: leahSubgoals, actions: leahActions) }
    static var genghisIterative: Trajectory { iterative(id: "genghis-i", dataset: .strategyqa, question: genghis, subgoals: genghisSubgoals, actions: genghisActions, results: genghisResults) }
    static var genghisOnetime: Trajectory { onetime(id: "genghis-o", dataset: .strategyqa, question: genghis, subgoals: genghisSubgoals, actions: genghisActions) }
}

@Suite struct AnnotationMinerTests {
    /// The format tests replay hand-made steps without action records, so the quality filters
    /// (tested in MiningFilterTests) are off here.
    private func mine(_ trajectories: [Trajectory], options: AnnotationMiner.Options = .init(filters: [])) throws -> (AnnotationMiner.Summary, [String: String]) {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        for trajectory in trajectories { try store.write(trajectory, workerID: "w") }
        let out = scratch.path("annotations")
        let summary = try AnnotationMiner.mine(store: store, into: out, options: options)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".jsonl") {
            files[name] = try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8)
        }
        return (summary, files)
    }

    @Test func mathsFilesMatchTheSpecWorkedExamplesByteForByte() throws {
        let (summary, files) = try mine([SpecTrajectories.leahIterative, SpecTrajectories.leahOnetime])
        #expect(files["lumos_maths_plan_iterative.jsonl"] == SpecExamples.mathsPlanIterative + "\n")
        #expect(files["lumos_maths_ground_iterative.jsonl"] == SpecExamples.mathsGroundIterative + "\n")
        #expect(files["lumos_maths_plan_onetime.jsonl"] == SpecExamples.mathsPlanOnetime + "\n")
        #expect(files["lumos_maths_ground_onetime.jsonl"] == SpecExamples.mathsGroundOnetime + "\n")
        #expect(summary.successful == 2)
        #expect(summary.files.map(\.examples) == [1, 1, 1, 1])
    }

    @Test func complexQAFilesMatchTheSpecWorkedExamplesByteForByte() throws {
        let (_, files) = try mine([SpecTrajectories.genghisIterative, SpecTrajectories.genghisOnetime])
        #expect(files["lumos_complex_qa_plan_iterative.jsonl"] == SpecExamples.qaPlanIterative + "\n")
        #expect(files["lumos_complex_qa_ground_iterative.jsonl"] == SpecExamples.qaGroundIterative + "\n")
        #expect(files["lumos_complex_qa_ground_onetime.jsonl"] == SpecExamples.qaGroundOnetime + "\n")
    }

    @Test func everyLineHasExactlyTheSpecSchema() throws {
        let (_, files) = try mine([SpecTrajectories.leahIterative, SpecTrajectories.genghisIterative])
        for (_, text) in files {
            for line in text.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(Set(object.keys) == ["dataset", "id", "messages"])
                let messages = try #require(object["messages"] as? [[String: String]])
                #expect(messages.allSatisfy { Set($0.keys) == ["role", "content"] })
                #expect(messages.first?["role"] == "user")
                #expect(messages.last?["role"] == "assistant")
            }
        }
    }

    @Test func identicalConversationsAreWrittenOnceAndIdsCountKeptExamples() throws {
        var copy = SpecTrajectories.leahIterative
        copy.task.id = "leah-copy"
        var other = SpecTrajectories.leahIterative
        other.task.id = "leah-other"
        other.task.question = "Another question?"
        let (summary, files) = try mine([SpecTrajectories.leahIterative, copy, other])
        let plan = try #require(files["lumos_maths_plan_iterative.jsonl"]).split(separator: "\n")
        #expect(plan.count == 2)
        #expect(plan.map { $0.contains("\"id\": \"maths_0\"") } == [true, false])
        #expect(plan[1].contains("\"id\": \"maths_1\""))
        #expect(summary.files.first { $0.file == "lumos_maths_plan_iterative.jsonl" }?.duplicates == 1)
    }

    @Test func onlySuccessfulTrajectoriesAreMinedAndFiltersApply() throws {
        var wrong = SpecTrajectories.leahIterative
        wrong.task.id = "wrong"
        wrong.task.question = "Wrong one?"
        wrong.correct = false
        var partial = wrong
        partial.task.id = "partial"
        partial.scores.f1 = 0.8
        let all = [SpecTrajectories.leahIterative, SpecTrajectories.genghisOnetime, wrong, partial]
        let (summary, files) = try mine(all)
        #expect(summary.tasks == 4)
        #expect(summary.successful == 2)
        #expect(files["lumos_maths_plan_iterative.jsonl"]?.split(separator: "\n").count == 1)

        let (scored, _) = try mine(all, options: .init(minScore: 0.5, filters: []))
        #expect(scored.successful == 3)
        let (onlyOnetime, onetimeFiles) = try mine(all, options: .init(formulation: .onetime, filters: []))
        #expect(onlyOnetime.tasks == 1)
        #expect(Set(onetimeFiles.keys) == ["lumos_complex_qa_plan_onetime.jsonl", "lumos_complex_qa_ground_onetime.jsonl"])
        let (onlyGSM, _) = try mine(all, options: .init(dataset: .gsm8k, filters: []))
        #expect(onlyGSM.tasks == 3)
    }

    @Test func subgoalWithoutActionsMakesTheTrajectoryUnusable() throws {
        var broken = SpecTrajectories.leahIterative
        broken.steps[2].actionLine = nil
        let (summary, files) = try mine([broken])
        #expect(summary.successful == 1)
        #expect(summary.unusable == 1)
        #expect(files.isEmpty)
    }

    @Test func promptConstantsMatchTheSpecDigests() {
        #expect(LumosPrompts.planPrefix.utf8.count == 72)
        #expect(SHA256.hex(LumosPrompts.planPrefix) == "047c60ae6c4476eb3981c84a8cf0962bd3d932a50b843d541b5b87ea1bd73330")
        #expect(LumosPrompts.mathsGroundPrefix.utf8.count == 731)
        #expect(SHA256.hex(LumosPrompts.mathsGroundPrefix) == "bab8b7205d1f8d5939273fb958a73bde0a2cfd6501eda7b7f5ba429bef32bcef")
        #expect(LumosPrompts.qaGroundPrefix.utf8.count == 692)
        #expect(SHA256.hex(LumosPrompts.qaGroundPrefix) == "9e689adb13d8ecd81a0b76b9221e66454cad52b2402a203df5c2cf7bc52ac0cf")
    }

    @Test func jsonStringsAreEscapedLikePython() {
        #expect(PythonJSON.string("Janet’s \"ducks\"\n\t\\ é 😀 \u{1}") == #""Janet\u2019s \"ducks\"\n\t\\ \u00e9 \ud83d\ude00 \u0001""#)
    }

    @Test func planFeedbackDropsPeriodsAndQAQuestion() {
        #expect(AnnotationBuilder.planResult(" 3. ") == "3")
        #expect(AnnotationBuilder.planResult("Question: How many?; Answer: 16.") == "16")
        #expect(AnnotationBuilder.answerText("Question: q; Answer: 3.") == "3.")
    }
}

@Suite struct AnnotationMinerOutputTests {
    @Test func unusableOutputDirectoryIsAClearError() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        try store.write(Fixtures.trajectory("t1"), workerID: "w")
        // A regular file where the directory should be.
        let blocker = scratch.path("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = #expect(throws: StoreError.self) { try AnnotationMiner.mine(store: store, into: blocker + "/out") }
        #expect(error?.code == .notWritable)
    }

    @Test func miningAgainReplacesTheFilesWithTheSameContent() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        try store.write(Fixtures.trajectory("t1"), workerID: "w")
        let out = scratch.path("out")
        _ = try AnnotationMiner.mine(store: store, into: out, options: .init(filters: []))
        let first = try String(contentsOfFile: out + "/lumos_maths_plan_iterative.jsonl", encoding: .utf8)
        _ = try AnnotationMiner.mine(store: store, into: out, options: .init(filters: []))
        #expect(try String(contentsOfFile: out + "/lumos_maths_plan_iterative.jsonl", encoding: .utf8) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["README.md", "lumos_maths_ground_iterative.jsonl", "lumos_maths_plan_iterative.jsonl", "manifest.json"])
    }
}

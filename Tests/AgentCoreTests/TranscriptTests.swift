import Testing
@testable import AgentCore
import TestSupport

/// Replays the spec's Appendix B transcripts with scripted models and compares every prompt.
@Suite struct TranscriptTests {
    static let leah = "Leah earned $28 working odd jobs around the neighborhood. She spent a seventh of it on a milkshake and put half of the rest in her savings account. She left the remaining money in her wallet. Her dog got ahold of her wallet and shredded all the money inside but $1. How many dollars did Leah lose?"

    func mathsB1(deviations: ReferenceDeviations) -> (Trajectory, ScriptedModel, ScriptedModel) {
        let planner = ScriptedModel([
            "Subgoal 1: Calculate the amount Leah spent on milkshake.",
            "No, I will keep planning. Subgoal 2: Calculate Leah's rest money after buying milkshake.",
            "Yes, I will stop planning.",
        ])
        let grounder = ScriptedModel(["R1 = Calculator(28 * 1/7)", "R2 = Calculator(28 - R1)"])
        let runner = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder, deviations: deviations))
        let task = AgentTask(id: "b1", dataset: .gsm8k, domain: .maths, formulation: .iterative, question: Self.leah, answer: "#### 24")
        return (runner.run(task, attempt: 1, cancel: CancellationFlag()), planner, grounder)
    }

    @Test func mathsIterativePromptsEqualAppendixB1InReferenceMode() throws {
        let expected = try Fixtures.transcriptPrompts("transcript-b1.txt")
        let (trajectory, planner, grounder) = mathsB1(deviations: .reference)
        #expect(planner.prompts == expected.filter { $0.module == "PLAN" }.map(\.prompt))
        #expect(grounder.prompts == expected.filter { $0.module == "GROUND" }.map(\.prompt))
        #expect(trajectory.actions.map { $0.raw + " = " + ($0.result ?? "") } == ["R1 = Calculator(28 * 1/7) = 4", "R2 = Calculator(28 - R1) = 24"])
        #expect(trajectory.finalAnswer == "24")
        #expect(trajectory.termination == .answered)
        #expect(trajectory.correct)
    }

    @Test func trainingAlignedMathsGroundingDropsTheContinuePrefix() {
        let (trajectory, planner, grounder) = mathsB1(deviations: .trainingAligned)
        #expect(planner.prompts.count == 3)
        #expect(grounder.prompts[1].hasSuffix("<|user|>\nSubgoal to be grounded: Subgoal 2: Calculate Leah's rest money after buying milkshake.\n<|assistant|>\n"))
        #expect(trajectory.steps.map(\.executedResult) == ["4", "24", nil])
    }

    func qaB2(deviations: ReferenceDeviations) -> (Trajectory, ScriptedModel, ScriptedModel, ScriptedModel) {
        let planner = ScriptedModel([
            "Subgoal 1: Obtain the nationality of Scott Derrickson.",
            "No, I will keep planning. Subgoal 2: Obtain the nationality of Ed Wood.",
            "Yes, I will stop planning.",
        ])
        let grounder = ScriptedModel([
            "R1 = KnowledgeQuery(Scott Derrickson); R2 = ParagraphRetrieve(R1, Query: What is the nationality of Scott Derrickson?); R3 = QA([R2], Question: What is the nationality of Scott Derrickson?)",
            "R4 = KnowledgeQuery(Ed Wood); R5 = ParagraphRetrieve(R4, Query: What is the nationality of Ed Wood?); R6 = QA([R5], Question: What is the nationality of Ed Wood?)",
        ])
        let qa = ScriptedModel(["Answer: American", "Answer: American", "Answer: yes"])
        let knowledge = FakeKnowledgeSource(documents: [
            KnowledgeDocument(title: "Scott Derrickson", text: "Scott Derrickson (born July 16, 1966) is an American director. He lives in Los Angeles."),
            KnowledgeDocument(title: "Ed Wood", text: "Edward Davis Wood Jr. was an American filmmaker. He made low-budget films."),
        ])
        let configuration = AgentConfiguration(planner: planner, grounder: grounder, qaModel: qa, knowledge: knowledge, deviations: deviations)
        let task = AgentTask(id: "b2", dataset: .hotpotqa, domain: .complexQA, formulation: .iterative,
                             question: "Were Scott Derrickson and Ed Wood of the same nationality?", answer: "yes")
        return (AgentRunner(configuration: configuration).run(task, attempt: 1, cancel: CancellationFlag()), planner, grounder, qa)
    }

    @Test func qaIterativePromptsEqualAppendixB2InReferenceMode() throws {
        let expected = try Fixtures.transcriptPrompts("transcript-b2.txt")
        let (trajectory, planner, grounder, qa) = qaB2(deviations: .reference)
        #expect(planner.prompts == expected.filter { $0.module == "PLAN" }.map(\.prompt))
        #expect(grounder.prompts == expected.filter { $0.module == "GROUND" }.map(\.prompt))
        #expect(trajectory.actions.compactMap(\.result).filter { $0.hasPrefix("Question") } == [
            "Question: What is the nationality of Scott Derrickson?; Answer: American",
            "Question: What is the nationality of Ed Wood?; Answer: American",
        ])
        #expect(qa.prompts.last?.contains("Question: Were Scott Derrickson and Ed Wood of the same nationality?\nContext: Question: What is the nationality of Scott Derrickson?; Answer: American; Question: What is the nationality of Ed Wood?; Answer: American;\n") == true)
        #expect(trajectory.finalAnswer == "yes")
        #expect(trajectory.scores.exactMatch == true)
        #expect(trajectory.termination == .answered)
    }

    @Test func trainingAlignedQAFeedbackCarriesTheBareAnswer() {
        let (_, planner, grounder, _) = qaB2(deviations: .trainingAligned)
        #expect(planner.prompts[1].hasSuffix("The executed result for Subgoal 1 is American. Should we stop planning?\n<|assistant|>\n"))
        #expect(grounder.prompts[1].hasSuffix("The execution result for Subgoal 1 is American.\n<|assistant|>\n"))
    }
}

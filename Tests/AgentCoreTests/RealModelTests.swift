import Foundation
import Testing
import TestSupport
@testable import AgentCore

/// The bundled Gemma 3 270M on the built-in engine, in the few-shot profile, end to end. A missing
/// model fails these tests with a message saying how to get it.
enum BundledGemma {
    static let model: Result<any LanguageModel, any Error> = Result {
        try ModelFactory(threads: 2, contextLength: 4096).make(ModelSpec(parsing: try TestData.gemmaModel(), profile: .fewshot))
    }
}

@Suite(.serialized)
struct RealModelTests {
    /// Problems that make a trajectory malformed, as opposed to merely wrong.
    static func malformations(_ trajectory: Trajectory) -> [String] {
        var problems: [String] = []
        if [.parseError, .modelError].contains(trajectory.termination) {
            problems.append("termination \(trajectory.termination.rawValue): \(trajectory.terminationDetail ?? "")")
        }
        for call in trajectory.modelCalls where call.error != nil || call.completion.contains("\n") {
            problems.append("call \(call.module.rawValue) \(call.step): \(call.error ?? call.completion)")
        }
        for step in trajectory.steps {
            let output = step.plannerOutput
            // A bare "No, I will keep planning." is weak but still the protocol's own phrase.
            let shaped = output.hasPrefix("Subgoal ") || output.hasPrefix(LumosPrompts.continueMarker)
                || output.contains(LumosPrompts.stopMarker)
            if !shaped { problems.append("planner output \(output.debugDescription)") }
        }
        for action in trajectory.actions where action.name == nil {
            problems.append("action \(action.raw.debugDescription): \(action.error ?? "")")
        }
        return problems
    }

    @Test(arguments: Formulation.allCases)
    func fewshotGemmaProducesWellFormedMathsTrajectories(_ formulation: Formulation) throws {
        let model = try BundledGemma.model.get()
        let item = try Fixtures.gsm8k()[1]
        let task = AgentTask(id: "gemma", dataset: .gsm8k, domain: .maths, formulation: formulation, question: item.question, answer: item.answer)
        let configuration = AgentConfiguration(planner: model, grounder: model, maxTurns: 4)
        let trajectory = AgentRunner(configuration: configuration).run(task, attempt: 1, cancel: CancellationFlag())
        #expect(Self.malformations(trajectory) == [])
        #expect(trajectory.modelCalls.count >= 2)
        #expect(trajectory.planModel.profile == "fewshot" && trajectory.planModel.backend == .engine)
        #expect(trajectory.goldAnswer == "3")
    }
}

extension RealModelTests {
    @Test func fewshotGemmaProducesWellFormedQATrajectory() throws {
        let model = try BundledGemma.model.get()
        let knowledge = FakeKnowledgeSource(documents: [
            KnowledgeDocument(title: "Eiffel Tower", text: "The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It is 330 metres tall."),
        ])
        let task = AgentTask(id: "gemma-qa", dataset: .hotpotqa, domain: .complexQA, formulation: .onetime,
                             question: "In which city is the Eiffel Tower?", answer: "Paris")
        let configuration = AgentConfiguration(planner: model, grounder: model, qaModel: model, knowledge: knowledge)
        let trajectory = AgentRunner(configuration: configuration).run(task, attempt: 1, cancel: CancellationFlag())
        #expect(Self.malformations(trajectory) == [])
        #expect(trajectory.modelCalls.prefix(2).map(\.module) == [.plan, .ground])
    }
}

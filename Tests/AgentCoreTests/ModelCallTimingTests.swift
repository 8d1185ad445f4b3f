import Foundation
import Testing
@testable import AgentCore
import TestSupport

/// A scripted model whose completions report fixed prompt and generation times, like the engine.
private final class TimedModel: LanguageModel, Sendable {
    let script: ScriptedModel
    let promptMilliseconds: Double
    let generationMilliseconds: Double

    init(_ outputs: [String], promptMilliseconds: Double, generationMilliseconds: Double) {
        script = ScriptedModel(outputs)
        self.promptMilliseconds = promptMilliseconds
        self.generationMilliseconds = generationMilliseconds
    }

    var identity: ModelIdentity { script.identity }

    func makeSession() throws -> any ModelSession { Session(model: self, inner: try script.makeSession()) }

    final class Session: ModelSession {
        let model: TimedModel
        let inner: any ModelSession
        init(model: TimedModel, inner: any ModelSession) {
            self.model = model
            self.inner = inner
        }

        func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
            var completion = try inner.complete(request, cancel: cancel)
            completion.promptMilliseconds = model.promptMilliseconds
            completion.generationMilliseconds = model.generationMilliseconds
            return completion
        }
    }
}

@Suite struct ModelCallTimingTests {
    private func run(planner: any LanguageModel, grounder: any LanguageModel) -> Trajectory {
        let task = AgentTask(id: "t", dataset: .gsm8k, domain: .maths, formulation: .onetime, question: "Q?", answer: "18")
        return AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder))
            .run(task, attempt: 1, cancel: CancellationFlag())
    }

    @Test func modelCallsRecordTheBackendsPromptAndGenerationTimesApart() {
        let trajectory = run(
            planner: TimedModel(["Subgoal 1: x."], promptMilliseconds: 30, generationMilliseconds: 70),
            grounder: TimedModel(["R1 = Calculator(9 * 2)"], promptMilliseconds: 5, generationMilliseconds: 40))
        #expect(trajectory.modelCalls.map(\.module) == [.plan, .ground])
        #expect(trajectory.modelCalls.map(\.promptMilliseconds) == [30, 5])
        #expect(trajectory.modelCalls.map(\.generationMilliseconds) == [70, 40])
    }

    @Test func untimedBackendLeavesBothTimesUnknown() {
        let trajectory = run(planner: ScriptedModel(["Subgoal 1: x."]), grounder: ScriptedModel(["R1 = Calculator(9 * 2)"]))
        #expect(trajectory.modelCalls.count == 2)
        #expect(trajectory.modelCalls.allSatisfy { $0.promptMilliseconds == nil && $0.generationMilliseconds == nil })
    }

    @Test func callsRecordedBeforeTheSplitTimesStillDecode() throws {
        let call = ModelCall(module: .plan, step: 1, model: "m", prompt: "p", completion: "c", finishReason: .stop,
                             promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0, milliseconds: 12,
                             promptMilliseconds: 4, generationMilliseconds: 8)
        let trajectory = run(planner: ScriptedModel(["Subgoal 1: x."]), grounder: ScriptedModel(["R1 = Calculator(9 * 2)"]))
        var withCall = trajectory
        withCall.modelCalls = [call]
        var object = try #require(try JSONSerialization.jsonObject(with: withCall.encoded()) as? [String: Any])
        var calls = try #require(object["model_calls"] as? [[String: Any]])
        #expect(calls[0]["generation_milliseconds"] as? Double == 8)
        calls[0]["prompt_milliseconds"] = nil
        calls[0]["generation_milliseconds"] = nil
        object["model_calls"] = calls
        let old = try Trajectory.decode(JSONSerialization.data(withJSONObject: object))
        #expect(old.modelCalls[0].milliseconds == 12)
        #expect(old.modelCalls[0].promptMilliseconds == nil && old.modelCalls[0].generationMilliseconds == nil)
    }
}

import AgentCore
import Foundation
import Testing
import Worker
import TestSupport

/// Prefix reuse on a multi-turn iterative trajectory. The bundled base model rarely gets past the
/// first grounding turn on its own, so the agent's text is forced (the Janet's-eggs plan), while
/// every call still runs on the real engine: the whole growing prompt is prefilled and one token
/// generated, exactly the work the iterative formulation repeats each turn.
@Suite(.serialized) struct PrefixReuseTests {
    /// Runs the real session on the prompt (for its cost and token counts), returns the scripted text.
    final class ForcedModel: LanguageModel, @unchecked Sendable {
        // @unchecked Sendable: `outputs` is read-only; each session keeps its own position.
        let base: any LanguageModel
        let outputs: [String]
        init(base: any LanguageModel, outputs: [String]) {
            self.base = base
            self.outputs = outputs
        }
        var identity: ModelIdentity { base.identity }
        func makeSession() throws -> any ModelSession { Session(inner: try base.makeSession(), outputs: outputs) }

        final class Session: ModelSession {
            let inner: any ModelSession
            let outputs: [String]
            var next = 0
            init(inner: any ModelSession, outputs: [String]) {
                self.inner = inner
                self.outputs = outputs
            }
            func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
                var probe = request
                probe.maxNewTokens = 1
                var completion = try inner.complete(probe, cancel: cancel)
                completion.text = next < outputs.count ? outputs[next] : ""
                completion.finishReason = .stop
                next += 1
                return completion
            }
        }
    }

    func run(prefixReuse: Bool) throws -> Trajectory {
        // As ModelFactory does: without reuse, sessions share no prefix cache either.
        let engine = try EngineLanguageModel(
            path: Fleet.modelPath, threads: 2, maxContext: 4096, profile: "fewshot",
            prefixCacheBytes: prefixReuse ? ModelFactory.defaultPrefixCacheBytes : 0)
        let model = TunedModel(engine, prefixReuse: prefixReuse)
        let planner = ForcedModel(base: model, outputs: ["Subgoal 1: Calculate how many eggs are left.",
                                                         "No, I will keep planning. Subgoal 2: Calculate the money she makes.",
                                                         "Yes, I will stop planning."])
        let grounder = ForcedModel(base: model, outputs: ["R1 = Calculator(16 - 3 - 4)", "R2 = Calculator(R1 * 2)"])
        let task = AgentTask(id: "eggs", dataset: .gsm8k, domain: .maths, formulation: .iterative,
                             question: "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
                             answer: "#### 18")
        return AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder)).run(task, attempt: 1, cancel: CancellationFlag())
    }

    @Test func iterativeTurnsReuseThePromptPrefixUnlessDisabled() throws {
        _ = try TestData.gemmaModel()
        let reused = try run(prefixReuse: true)
        let fresh = try run(prefixReuse: false)
        for trajectory in [reused, fresh] {
            #expect(trajectory.correct && trajectory.modelCalls.count == 5, "\(trajectory.termination) \(trajectory.terminationDetail ?? "")")
        }
        let cached = reused.modelCalls.reduce(0) { $0 + $1.cachedPromptTokens }
        #expect(cached > 0)
        #expect(fresh.modelCalls.allSatisfy { $0.cachedPromptTokens == 0 })
        #expect(reused.modelCalls.map(\.promptTokens) == fresh.modelCalls.map(\.promptTokens))
        let prompt = reused.modelCalls.reduce(0) { $0 + $1.promptTokens }
        print("prefix reuse: \(Int(reused.milliseconds)) ms with reuse (\(cached) of \(prompt) prompt tokens cached), \(Int(fresh.milliseconds)) ms without")
    }
}

import AgentCore
import Foundation
@testable import ResultStore
import TestSupport

/// A fresh temporary directory per test, for real SQLite files; removed when the test ends.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

enum Fixtures {
    static let model = ModelIdentity(backend: .scripted, location: "test", name: "scripted")

    static func task(_ id: String, dataset: Dataset = .gsm8k, formulation: Formulation = .iterative, question: String = "What is 2+2?") -> AgentTask {
        AgentTask(id: id, dataset: dataset, domain: dataset.domain ?? .maths, formulation: formulation, question: question, answer: "#### 4", source: "test:1")
    }

    /// A small complete trajectory with one model call of each module and one action.
    static func trajectory(
        _ id: String, attempt: Int = 1, dataset: Dataset = .gsm8k, formulation: Formulation = .iterative,
        termination: TerminationReason = .answered, correct: Bool = true, milliseconds: Double = 1000,
        startedAt: Date = Date(timeIntervalSince1970: 1_790_000_000), calls: [ModelCall]? = nil, actions: [ActionRecord]? = nil
    ) -> Trajectory {
        Trajectory(
            task: task(id, dataset: dataset, formulation: formulation),
            attempt: attempt, planModel: model, groundModel: model,
            steps: [Step(index: 1, plannerOutput: "Subgoal 1: Add.", subgoals: ["Subgoal 1: Add."], actionLine: "R1 = Calculator(2+2)", executedResult: "4")],
            modelCalls: calls ?? [
                call(.plan, prompt: 100, completion: 10, cached: 0, ms: 500),
                call(.ground, prompt: 200, completion: 10, cached: 50, ms: 500),
            ],
            actions: actions ?? [ActionRecord(step: 1, raw: "R1 = Calculator(2+2)", name: "Calculator", outputs: ["R1"], arguments: "2+2", substitutedArguments: "2+2", result: "4", milliseconds: 1)],
            finalAnswer: correct ? "4" : "5", goldAnswer: "4", scores: Scores(numericMatch: correct, exactStringMatch: correct),
            correct: correct, termination: termination, startedAt: startedAt, milliseconds: milliseconds
        )
    }

    static func call(
        _ module: ModelCall.Module, prompt: Int, completion: Int, cached: Int, ms: Double,
        promptMs: Double? = nil, generationMs: Double? = nil, error: String? = nil
    ) -> ModelCall {
        ModelCall(module: module, step: 1, model: "scripted", prompt: "p", completion: "c", finishReason: .stop,
                  promptTokens: prompt, completionTokens: completion, cachedPromptTokens: cached, milliseconds: ms,
                  promptMilliseconds: promptMs, generationMilliseconds: generationMs, error: error)
    }
}

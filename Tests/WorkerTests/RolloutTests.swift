import AgentCore
import Foundation
import Queue
@testable import ResultStore
import TestSupport
import Testing
import Worker

/// Sampled rollouts through a real Redis, real worker and real SQLite: K samples at a
/// temperature on the bundled model, and --stop-after-correct cancelling an item's rest.
@Suite(.serialized) struct RolloutTests {
    static let question = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?"

    func item(_ id: String = "janet", formulation: Formulation = .onetime) -> AgentTask {
        AgentTask(id: id, dataset: .gsm8k, domain: .maths, formulation: formulation, question: Self.question, answer: "#### 18")
    }

    func submit(_ tasks: [AgentTask], to queue: TaskQueue) throws {
        try queue.submit(tasks.map { NewTask(id: $0.id, payload: try TaskPayload.encode($0)) }, to: QueueConfiguration.defaultQueue)
    }

    @Test func samplesAtATemperatureGiveDistinctTrajectoriesOnTheRealModel() throws {
        guard Fleet.hasModel else {
            Issue.record(Comment(rawValue: TestData.gemmaMissingMessage))
            return
        }
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try ModelFactory(threads: 2, contextLength: 4096).make(ModelSpec(parsing: Fleet.modelPath, profile: .fewshot))
        let expansion = try #require(try SampleExpansion.from(
            samples: 4, temperature: 1.0, topP: nil, plan: nil, ground: nil, seed: 7, stopAfterCorrect: nil))
        let tasks = expansion.expand([item()])
        #expect(tasks.map(\.id) == ["janet~s1", "janet~s2", "janet~s3", "janet~s4"])
        #expect(Set(tasks.compactMap { $0.rollout?.seed }).count == 4)
        try withRedis(configuration: testQueueConfiguration()) { server, queue in
            try submit(tasks, to: queue)
            let worker = InProcessWorker(url: server.url, directory: directory,
                                         agent: AgentConfiguration(planner: model, grounder: model),
                                         queueConfiguration: testQueueConfiguration()) { $0.concurrency = 1; $0.leaseSeconds = 60 }
            #expect(try worker.runToIdle(seconds: 600) == .idle)
            let store = try TrajectoryStore.open(path: worker.databasePath, readOnly: true)
            defer { store.close() }
            let stored = try store.allTrajectories().map(\.trajectory)
            #expect(stored.count == 4)
            #expect(Set(stored.compactMap { $0.task.rollout?.sample }) == [1, 2, 3, 4])
            #expect(stored.allSatisfy { $0.task.rollout?.sampling.temperature == 1.0 && $0.task.itemID == "janet" })
            // Every sample says something of its own: four distinct plan + ground transcripts.
            let transcripts = Set(stored.map { $0.modelCalls.map(\.completion).joined(separator: "\n") })
            #expect(transcripts.count == 4)
            // The store's own columns carry the rollout too.
            let columns = try store.withDatabase { db in
                try db.scalarInt("SELECT count(*) FROM tasks WHERE item_id = 'janet' AND sample BETWEEN 1 AND 4 AND sampling LIKE '%\"temperature\":1%'")
            }
            #expect(columns == 4)
        }
    }

    @Test func greedyDecodingRepeatsItselfSoSamplingIsRequiredForMoreThanOneSample() throws {
        #expect(try SampleExpansion.from(samples: 1, temperature: nil, topP: nil, plan: nil, ground: nil, seed: 0, stopAfterCorrect: nil) == nil)
        let greedy = #expect(throws: SampleExpansionError.self) {
            try SampleExpansion.from(samples: 3, temperature: 0, topP: nil, plan: nil, ground: nil, seed: 0, stopAfterCorrect: nil)
        }
        #expect(greedy?.code == .greedySamples && greedy?.message.contains("temperature above 0") == true)
        let stop = #expect(throws: SampleExpansionError.self) {
            try SampleExpansion.from(samples: 3, temperature: 0.7, topP: nil, plan: nil, ground: nil, seed: 0, stopAfterCorrect: 4)
        }
        #expect(stop?.code == .badStopRule)
        let planOnly = try #require(try SampleExpansion.from(
            samples: 2, temperature: nil, topP: 0.9, plan: ModuleSampling(temperature: 1.2), ground: ModuleSampling(temperature: 0), seed: 0, stopAfterCorrect: nil))
        #expect(planOnly.sampling.resolved(for: .plan) == (1.2, 0.9) && planOnly.sampling.resolved(for: .ground) == (0, 0.9))
    }

    @Test func stopAfterCorrectCancelsTheItemsRemainingSamples() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expansion = try #require(try SampleExpansion.from(
            samples: 5, temperature: 0.8, topP: nil, plan: nil, ground: nil, seed: 1, stopAfterCorrect: 1))
        // A scripted model (a unit-test stand-in) whose second sample is the first correct one.
        let planner = SampleScriptedModel(bySample: [2: "Subgoal 1: Eggs left.; Subgoal 2: Money."], otherwise: "Subgoal 1: Guess.")
        let grounder = SampleScriptedModel(
            bySample: [2: "R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)"], otherwise: "R1 = Calculator(16 + 3)")
        try withRedis(configuration: testQueueConfiguration()) { server, queue in
            try submit(expansion.expand([item()]) + expansion.expand([item("other")]), to: queue)
            let worker = InProcessWorker(url: server.url, directory: directory,
                                         agent: AgentConfiguration(planner: planner, grounder: grounder),
                                         queueConfiguration: testQueueConfiguration()) { $0.concurrency = 1 }
            #expect(try worker.runToIdle() == .idle)
            let state = { (id: String) in try queue.task(id: id, in: QueueConfiguration.defaultQueue)?.state }
            #expect(try state("janet~s1") == .done && state("janet~s2") == .done)
            for n in 3...5 { #expect(try state("janet~s\(n)") == .cancelled) }
            // The other item's second sample is also its first correct one.
            for n in 3...5 { #expect(try state("other~s\(n)") == .cancelled) }
            let store = try TrajectoryStore.open(path: worker.databasePath, readOnly: true)
            defer { store.close() }
            #expect(try store.allTrajectories().count == 4)
            let rollouts = try #require(try Report.build(from: store).groups.first?.rollouts)
            #expect(rollouts.samplesRun == 4 && rollouts.samplesNotRun == 6)
            #expect(rollouts.passAt1 == 0 && rollouts.passAtK == 1 && rollouts.correctPerItem == [1: 2])
        }
    }
}

/// A scripted model that answers by the rollout sample a request belongs to, read from the
/// per-call seed: unit-test stand-in for "the second sample is the correct one".
final class SampleScriptedModel: LanguageModel, Sendable {
    let identity = ModelIdentity(backend: .scripted, location: "memory", name: "sample-scripted")
    let bySample: [Int: String]
    let otherwise: String

    init(bySample: [Int: String], otherwise: String) {
        self.bySample = bySample
        self.otherwise = otherwise
    }

    func makeSession() throws -> any ModelSession { Session(model: self) }

    final class Session: ModelSession {
        let model: SampleScriptedModel
        init(model: SampleScriptedModel) { self.model = model }

        func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
            // Seeds of samples 1…9 for items "janet" and "other" with base seed 1 (SampleExpansion's rule).
            var text = model.otherwise
            for item in ["janet", "other"] {
                for sample in 1...9 {
                    let rollout = Rollout(item: item, sample: sample, samples: 9,
                                          seed: StableHash.uint64("1:\(item):\(sample)"), sampling: SamplingSettings(temperature: 1))
                    for module in [ModelCall.Module.plan, .ground] where rollout.seed(module: module, call: 1) == request.seed {
                        text = model.bySample[sample] ?? model.otherwise
                    }
                }
            }
            return Completion(text: text, finishReason: .stop, promptTokens: 1, completionTokens: 1)
        }
    }
}

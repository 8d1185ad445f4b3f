import Dispatch
import Engine
import Foundation
import Testing
import TestSupport

/// Continuous batching: contexts of one model that run at the same time share forward passes, and
/// each still gets exactly what it would get alone.
struct StepBatcherTests {
    /// Runs `body(i)` for every index on a thread of its own, all at once (a pool capped at the core
    /// count would keep some sequences from being in flight together).
    static func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = Results<T>(count: count)
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                results.set(i, Result { try body(i) })
                group.leave()
            }.start()
        }
        group.wait()
        return try results.values.map { try $0!.get() }
    }

    final class Results<T: Sendable>: @unchecked Sendable {  // `values` is written under `lock` only
        let lock = NSLock()
        var values: [Result<T, any Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<T, any Error>) { lock.withLock { values[index] = value } }
    }

    /// Prompts of different lengths, so that one sequence's prompt chunks share passes with the
    /// others' decoded tokens.
    static func prompts(count: Int) -> [[Int32]] {
        (0..<count).map { (i: Int) -> [Int32] in
            (0..<(20 + 90 * i)).map { (j: Int) -> Int32 in Int32(5 + ((j + 7 * i) * 37) % 900) }
        }
    }

    @Test(arguments: ["f32", "Q4_K_M"])
    func batchedTinyLLaMALogitsEqualSoloLogitsBitForBit(quant: String) throws {
        let model = try Model(path: Golden.tinyModelPath(quant), threads: 2)
        let prompts = Self.prompts(count: 4)
        let solo = try prompts.map { try model.makeContext().append($0) }
        let batcher = StepBatcher(model: model)
        let batched = try Self.concurrently(prompts.count) { i in
            try model.makeContext(batcher: batcher).append(prompts[i])
        }
        #expect(batched == solo)
        #expect(batcher.statistics.tokens == prompts.reduce(0) { $0 + $1.count })
    }

    /// Owners read their rows where the pass left them; a request for more rows than the batcher
    /// keeps in place (a perplexity chunk) gets copies instead. Both give the solo logits, while other
    /// sequences keep queueing passes that reuse the buffer.
    @Test
    func logitsReadInPlaceOrCopiedEqualSoloLogitsWhileOtherPassesRun() throws {
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        let prompts = Self.prompts(count: 3)
        let wide = StepBatcher.sharedLogitRows + 6
        let rows = Array((prompts[2].count - wide)..<prompts[2].count)
        @Sendable func logits(_ context: InferenceContext, _ i: Int) throws -> [[Float]] {
            var out: [[Float]] = []
            try context.evaluate(prompts[i], logitRows: i == 2 ? rows : [prompts[i].count - 1]) { _, row in
                out.append(Array(row))
            }
            for step in 0..<5 {  // short decodes, so the next passes start while others still read
                try context.evaluate([Int32(11 + step + i)], logitRows: [0]) { _, row in out.append(Array(row)) }
            }
            return out
        }
        let solo = try (0..<prompts.count).map { try logits(model.makeContext(), $0) }
        let batcher = StepBatcher(model: model)
        try #require(prompts[2].count <= batcher.tokenBudget, "the wide request must be one pass")
        let batched = try Self.concurrently(prompts.count) { i in try logits(model.makeContext(batcher: batcher), i) }
        #expect(batched[2].count == wide + 5)
        #expect(batched == solo)
    }

    /// 1, 3, 8 and 16 sequences with prompts of different lengths (they join the decoding at different
    /// steps) and different token budgets (they leave at different steps) generate what each generates
    /// alone.
    @Test(arguments: [1, 3, 8, 16])
    func tinyLLaMASequencesJoiningAndLeavingGenerateWhatEachGeneratesAlone(count: Int) throws {
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        let prompts = (0..<count).map { (i: Int) -> [Int32] in
            (0..<(10 + 37 * i % 300)).map { (j: Int) -> Int32 in Int32(5 + ((j + 11 * i) * 37) % 900) }
        }
        let tokenizer = model.tokenizer
        @Sendable func run(_ context: InferenceContext, _ i: Int) throws -> [Int32] {
            try context.generate(
                prompt: prompts[i], options: GenerationOptions(maxNewTokens: 8 + 5 * i, sampling: .greedy),
                piece: { tokenizer.piece($0) }, isEndOfGeneration: { _ in false }).tokens
        }
        let solo = try (0..<count).map { try run(model.makeContext(maxContext: 512), $0) }
        let batcher = StepBatcher(model: model)
        let batched = try Self.concurrently(count) { i in try run(model.makeContext(maxContext: 512, batcher: batcher), i) }
        #expect(batched == solo)
        #expect(batcher.statistics.requests >= solo.reduce(0) { $0 + $1.count })
    }

    /// Gemma sessions generate greedily at the same time: the same tokens as alone, in fewer passes
    /// than requests (the decoders shared passes).
    @Test(arguments: [3, 8])
    func gemmaSessionsDecodingTogetherGenerateWhatEachGeneratesAlone(count: Int) throws {
        let model = try Model(path: try TestData.gemmaModel())
        let golden = try #require(try Golden.cases(in: "gemma").first { $0.prompt_tokens.count >= 1000 })
        let prompts = (0..<count).map { i in Array(golden.prompt_tokens[(100 * i)..<(100 * i + 60 + 25 * i)]) }
        let options = GenerationOptions(maxNewTokens: 24, sampling: .greedy)
        let tokenizer = model.tokenizer
        @Sendable func run(_ context: InferenceContext, _ prompt: [Int32]) throws -> [Int32] {
            try context.generate(
                prompt: prompt, options: options, piece: { tokenizer.piece($0) },
                isEndOfGeneration: { _ in false }).tokens
        }
        let solo = try prompts.map { try run(model.makeContext(maxContext: 1024), $0) }
        let batcher = StepBatcher(model: model)
        let batched = try Self.concurrently(prompts.count) { i in
            try run(model.makeContext(maxContext: 1024, batcher: batcher), prompts[i])
        }
        #expect(batched == solo)
        let stats = batcher.statistics
        #expect(stats.widest >= 2, "no pass held two sequences: \(stats)")
        #expect(stats.passes < stats.requests, "\(stats)")
    }
}

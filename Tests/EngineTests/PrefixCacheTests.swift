import Engine
import Testing
import TestSupport

/// The prefix cache sessions share: a header computed by one context is shared with others, which then
/// give the same logits and greedy tokens as cold runs; the kept header is found without being told.
struct PrefixCacheTests {
    /// Three prompts with one long shared start: the first is kept whole, the second discovers the
    /// shared part, the third starts from it.
    static func prompts(_ base: [Int32], header: Int) -> [[Int32]] {
        (0..<3).map { i in Array(base[..<header]) + Array(base[(header + 40 * i)..<(header + 40 * i + 30)]) }
    }

    @Test(arguments: ["f32", "Q4_K_M"])
    func forkedHeaderGivesColdRunLogitsOnTinyLLaMA(quant: String) throws {
        let model = try Model(path: Golden.tinyModelPath(quant), threads: 2)
        let base = (0..<400).map { Int32(5 + ($0 * 37) % 900) }
        let prompts = Self.prompts(base, header: 200)
        let cache = PrefixCache()
        var reused: [Int] = []
        for prompt in prompts {
            let (logits, fromCache) = try model.makeContext(prefixCache: cache).prefill(prompt)
            let cold = try model.makeContext().append(prompt)
            #expect(Golden.cosine(logits, cold) > 0.9999)
            #expect(Golden.argmax(logits) == Golden.argmax(cold))
            reused.append(fromCache)
        }
        #expect(reused[0] == 0)
        #expect(reused[1] >= 200)  // the whole first prompt is kept, so the second forks from it
        #expect(reused[2] >= 200)  // the shared header the second prompt left behind
        #expect(cache.statistics.entries == 2)
    }

    /// Gemma's sliding-window layers (ring caches, wrapped: the header is longer than a ring); two sessions
    /// forked from one header each decode greedily, exactly as cold sessions do, and the shared entry
    /// is never written by them (a third fork still matches a cold run).
    @Test func gemmaSessionsForkedFromOneHeaderDecodeLikeColdRuns() throws {
        let model = try Model(path: try TestData.gemmaModel())
        let golden = try #require(try Golden.cases(in: "gemma").first { $0.prompt_tokens.count >= 1500 })
        let prompts = Self.prompts(golden.prompt_tokens, header: 1300)
        let cache = PrefixCache()
        let options = GenerationOptions(maxNewTokens: 12, sampling: .greedy)
        let tokenizer = model.tokenizer
        func run(_ context: InferenceContext, _ prompt: [Int32]) throws -> GenerationResult {
            try context.generate(
                prompt: prompt, options: options, piece: { tokenizer.piece($0) },
                isEndOfGeneration: { tokenizer.isEndOfGeneration($0) })
        }
        var reused: [Int] = []
        for prompt in prompts + [prompts[2]] {
            let warm = try run(model.makeContext(maxContext: 2048, prefixCache: cache), prompt)
            let cold = try run(model.makeContext(maxContext: 2048), prompt)
            #expect(warm.tokens == cold.tokens)
            reused.append(warm.reusedPromptTokens)
        }
        #expect(reused[0] == 0)
        #expect(reused[1] >= 1300 && reused[2] >= 1300)
        #expect(reused[3] >= 1300)
    }

    @Test func aBudgetTooSmallForOneEntryKeepsNothing() throws {
        let model = try Model(path: Golden.tinyModelPath("f32"), threads: 2)
        let cache = PrefixCache(budgetBytes: 1024)
        let prompt = (0..<100).map { Int32(10 + $0) }
        _ = try model.makeContext(prefixCache: cache).prefill(prompt)
        let (_, reused) = try model.makeContext(prefixCache: cache).prefill(prompt)
        #expect(reused == 0)
        #expect(cache.statistics.entries == 0)
    }

    @Test func leastRecentlyUsedEntriesAreEvictedPastTheBudget() throws {
        let model = try Model(path: Golden.tinyModelPath("f32"), threads: 2)
        let unrelated = (0..<4).map { k in (0..<100).map { Int32(10 + k * 200 + $0) } }
        let probe = PrefixCache()
        _ = try model.makeContext(prefixCache: probe).prefill(unrelated[0])
        let entryBytes = probe.statistics.bytes
        let cache = PrefixCache(budgetBytes: entryBytes * 2 + entryBytes / 2)
        for prompt in unrelated { _ = try model.makeContext(prefixCache: cache).prefill(prompt) }
        #expect(cache.statistics.entries == 2)
        #expect(cache.statistics.evictions == 2)
        let (_, oldest) = try model.makeContext(prefixCache: cache).prefill(unrelated[0])
        let (_, newest) = try model.makeContext(prefixCache: cache).prefill(unrelated[3])
        #expect(oldest == 0)
        #expect(newest == unrelated[3].count - 1)
    }
}

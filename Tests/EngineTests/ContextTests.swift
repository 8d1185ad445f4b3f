import Engine
import Testing
import TestSupport

/// KV cache behaviour: prefix reuse gives the same logits as a cold run; greedy generation is repeatable.
struct ContextTests {
    static func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test(arguments: ["f32", "Q4_K_M"])
    func logitsAfterReusedPrefixEqualColdRun(quant: String) throws {
        let model = try Model(path: Golden.tinyModelPath(quant), threads: 2)
        let prompt: [Int32] = [1, 260, 374, 261, 822, 392, 406, 50, 656, 881, 926, 475]
        let cold = try model.makeContext().append(prompt)

        let warm = model.makeContext()
        _ = try warm.prefill(Array(prompt[..<7]) + [5, 6, 7])  // diverges after 7 tokens
        let (logits, reused) = try warm.prefill(prompt)
        #expect(reused == 7)
        #expect(Self.maxAbsDifference(logits, cold) < 1e-3)

        // The same prompt again: everything but the last token comes from the cache.
        let (again, reusedAll) = try warm.prefill(prompt)
        #expect(reusedAll == prompt.count - 1)
        #expect(Self.maxAbsDifference(again, cold) < 1e-3)
    }

    @Test func gemmaPrefixReuseAcrossTheSlidingWindowEqualsColdRun() throws {
        let path = try TestData.gemmaModel()
        let model = try Model(path: path)
        let golden = try Golden.cases(in: "gemma").first { $0.prompt_tokens.count > 600 }!
        let prompt = Array(golden.prompt_tokens[..<700])
        let cold = try model.makeContext().append(prompt)
        let warm = model.makeContext()
        _ = try warm.prefill(Array(prompt[..<600]))
        let (logits, reused) = try warm.prefill(prompt)
        #expect(reused == 600)
        #expect(Golden.cosine(logits, cold) > 0.99999)
        #expect(Golden.argmax(logits) == Golden.argmax(cold))
    }

    /// Gemma's sliding-window layers keep a ring of cells: a 2,000-token conversation wraps it. A short
    /// step back still reuses the prefix; a step back further than the ring's slack recomputes from
    /// the start; both give the cold run's logits, and the cache is smaller than one cell per position.
    @Test func gemmaSlidingWindowRingsReuseShortStepsBackAndRecomputeLongOnes() throws {
        let path = try TestData.gemmaModel()
        let model = try Model(path: path)
        let long = try #require(try Golden.cases(in: "gemma").first { $0.prompt_tokens.count >= 2000 })
        let tokens = Array(long.prompt_tokens[..<2000])
        let warm = model.makeContext()
        _ = try warm.prefill(tokens)
        let layers = model.hyperParameters.layerCount, row = model.hyperParameters.kvHeadCount * model.hyperParameters.headDimension
        #expect(warm.cacheBytes < 2 * layers * 2000 * row * 2)

        let shortStep = Array(tokens[..<1990]) + Array(tokens[100..<110])
        let (shortLogits, shortReused) = try warm.prefill(shortStep)
        #expect(shortReused == 1990)
        let shortCold = try model.makeContext().append(shortStep)
        #expect(Golden.cosine(shortLogits, shortCold) > 0.99999)
        #expect(Golden.argmax(shortLogits) == Golden.argmax(shortCold))

        let longStep = Array(tokens[..<1000]) + Array(tokens[1500..<1600])
        let (longLogits, longReused) = try warm.prefill(longStep)
        #expect(longReused == 0)
        let longCold = try model.makeContext().append(longStep)
        #expect(Golden.cosine(longLogits, longCold) > 0.99999)
        #expect(Golden.argmax(longLogits) == Golden.argmax(longCold))
    }

    @Test func greedyGenerationStopsAtLengthAndIsRepeatable() throws {
        let model = try Model(path: Golden.tinyModelPath("Q8_0"), threads: 2)
        let options = GenerationOptions(maxNewTokens: 10)
        func run() throws -> GenerationResult {
            try model.makeContext().generate(
                prompt: [1, 260, 374], options: options, piece: { _ in Array("x".utf8) }, isEndOfGeneration: { _ in false })
        }
        let a = try run(), b = try run()
        #expect(a.tokens.count == 10)
        #expect(a.finishReason == .length)
        #expect(a.tokens == b.tokens)
    }

    @Test func cancellationStopsBeforeTheNextToken() throws {
        let model = try Model(path: Golden.tinyModelPath("Q8_0"), threads: 1)
        var calls = 0
        let result = try model.makeContext().generate(
            prompt: [1, 260, 374], options: GenerationOptions(maxNewTokens: 50), piece: { _ in [] },
            isEndOfGeneration: { _ in false }, shouldCancel: { calls += 1; return calls > 3 })
        #expect(result.finishReason == .cancelled)
        #expect(result.tokens.count == 3)
    }
}

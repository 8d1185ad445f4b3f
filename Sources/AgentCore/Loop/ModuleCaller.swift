import Engine
import Foundation

/// Calls one module's model (planning, grounding or QA) in the model's profile and records every
/// call. The session is opened on first use and kept for the attempt, so the engine can reuse
/// the growing prompt's KV cache.
final class ModuleCaller {
    let module: ModelCall.Module
    let model: any LanguageModel
    let profile: ModelProfile
    private let recorder: AttemptRecorder
    private var session: (any ModelSession)?
    /// A sampled rollout's settings; nil decodes as the profile says (greedy).
    private let rollout: Rollout?
    private var calls = 0

    init(module: ModelCall.Module, model: any LanguageModel, recorder: AttemptRecorder, rollout: Rollout? = nil) {
        self.module = module
        self.model = model
        self.profile = ModelProfile(identityProfile: model.identity.profile)
        self.recorder = recorder
        self.rollout = rollout
    }

    /// The profile's request, with the rollout's temperature, top-p and a per-call seed.
    func makeRequest(prompt: String, maxNewTokens: Int?) -> GenerationRequest {
        var request = profile.request(prompt: prompt, maxNewTokens: maxNewTokens)
        calls += 1
        if let rollout {
            let (temperature, topP) = rollout.sampling.resolved(for: module)
            request.temperature = temperature
            if let topP { request.topP = topP }
            request.seed = rollout.seed(module: module, call: calls)
        }
        return request
    }

    var template: ChatTemplate { profile.template }

    /// Generates for `prompt` and returns the stripped output (lumos-spec §2.3).
    func complete(_ prompt: String, step: Int, maxNewTokens: Int? = nil) throws(AgentStop) -> String {
        try recorder.checkCancelled()
        let request = makeRequest(prompt: prompt, maxNewTokens: maxNewTokens)
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 }
        let completion: Completion
        do {
            if session == nil { session = try model.makeSession() }
            completion = try session!.complete(request, cancel: recorder.cancel)
        } catch {
            if recorder.cancel.isCancelled { throw AgentStop.cancellation(recorder.cancel) }
            let detail = "The \(module.rawValue) model \(model.identity) failed: \(error)"
            recorder.modelCalls.append(ModelCall(
                module: module, step: step, model: model.identity.description, prompt: prompt, completion: "",
                finishReason: .stop, promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0,
                milliseconds: elapsed(), error: detail))
            throw AgentStop(reason: Self.isInputError(error) ? .inputError : .modelError, detail: detail)
        }
        var text = Self.cutAtStop(completion.text, stops: request.stop)
        if completion.finishReason == .length, profile.usesExamples {
            text = Self.droppingUnfinishedItem(text)
        }
        // Both zero means the backend did not time the phases; record that as unknown, not as 0 ms.
        let timed = completion.promptMilliseconds > 0 || completion.generationMilliseconds > 0
        recorder.modelCalls.append(ModelCall(
            module: module, step: step, model: model.identity.description, prompt: prompt, completion: text,
            finishReason: completion.finishReason, promptTokens: completion.promptTokens,
            completionTokens: completion.completionTokens, cachedPromptTokens: completion.cachedPromptTokens,
            milliseconds: elapsed(),
            promptMilliseconds: timed ? completion.promptMilliseconds : nil,
            generationMilliseconds: timed ? completion.generationMilliseconds : nil))
        if completion.finishReason == .cancelled || recorder.cancel.isCancelled {
            throw AgentStop.cancellation(recorder.cancel)
        }
        return text.pythonStripped
    }

    /// Errors caused by the prompt itself, which no retry can fix: the engine's context is too
    /// small for it, or an endpoint refused the request as invalid (400, 413, 422).
    static func isInputError(_ error: any Error) -> Bool {
        if let error = error as? ModelError { return [.contextFull, .emptyPrompt, .invalidToken].contains(error.code) }
        if let error = error as? ModelBackendError, error.code == .httpStatus, let status = error.status {
            return status == 400 || status == 413 || status == 422
        }
        return false
    }

    /// A base model that runs into the token limit usually repeats itself; its last `; `-separated
    /// item is then cut short mid-action, so keep only the complete ones.
    static func droppingUnfinishedItem(_ text: String) -> String {
        guard let range = text.range(of: "; ", options: .backwards) else { return text }
        return String(text[..<range.lowerBound])
    }

    /// Backends should already stop at a stop string; cutting again makes every backend agree.
    static func cutAtStop(_ text: String, stops: [String]) -> String {
        var end = text.endIndex
        for stop in stops where !stop.isEmpty {
            if let range = text.range(of: stop), range.lowerBound < end { end = range.lowerBound }
        }
        return String(text[..<end])
    }
}

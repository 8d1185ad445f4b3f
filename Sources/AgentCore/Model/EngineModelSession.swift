import Engine

/// One conversation on the engine. Its KV cache persists between calls, so a prompt that grows by
/// appending (the iterative formulation) only computes its new suffix.
final class EngineModelSession: ModelSession {
    let model: Model
    let context: InferenceContext

    init(model: Model, context: InferenceContext) {
        self.model = model
        self.context = context
    }

    func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
        let tokens = model.tokenize(request.prompt, addBOS: request.addBOS)
        let options = GenerationOptions(
            maxNewTokens: request.maxNewTokens,
            sampling: SamplingParameters(
                temperature: Float(request.temperature), topK: request.topK, topP: Float(request.topP), seed: request.seed),
            stopStrings: request.stop)
        let tokenizer = model.tokenizer
        let result = try context.generate(
            prompt: tokens, options: options, piece: { tokenizer.piece($0) },
            isEndOfGeneration: { tokenizer.isEndOfGeneration($0) }, shouldCancel: { cancel.isCancelled })
        let finish: Completion.FinishReason =
            switch result.finishReason {
            case .stop: .stop
            case .length: .length
            case .endOfText: .endOfText
            case .cancelled: .cancelled
            }
        return Completion(
            text: result.text, finishReason: finish, promptTokens: result.promptTokens,
            completionTokens: result.tokens.count, cachedPromptTokens: result.reusedPromptTokens,
            promptMilliseconds: result.promptSeconds * 1000, generationMilliseconds: result.generationSeconds * 1000)
    }
}

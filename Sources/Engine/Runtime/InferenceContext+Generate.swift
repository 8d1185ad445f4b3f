import Foundation

extension InferenceContext {
    /// Generates a continuation of `prompt` (token ids), reusing the cached prefix of a previous call.
    ///
    /// - `piece` gives each token's bytes, `isEndOfGeneration` the model's end tokens.
    /// - `shouldCancel` is checked before every new token; `onText` receives streamed text that is
    ///   complete UTF-8 and free of (partial) stop strings.
    public func generate(
        prompt: [Int32], options: GenerationOptions,
        piece: (Int32) -> [UInt8], isEndOfGeneration: (Int32) -> Bool,
        shouldCancel: () -> Bool = { false }, onText: ((String) -> Void)? = nil
    ) throws -> GenerationResult {
        guard prompt.count < maxContext else {
            throw ModelError(.contextFull, "the prompt has \(prompt.count) tokens but the context holds \(maxContext); shorten it or use a larger context.")
        }
        // Never run past the context: the last generated token is sampled, not evaluated.
        let maxNew = min(options.maxNewTokens, maxContext - prompt.count)
        let clock = ContinuousClock()
        let start = clock.now
        var (logits, reused) = try prefill(prompt)
        let prefilled = clock.now
        // Decoding asks for one pass per token: from here on, batch leaders wait for this sequence.
        // (Not during the prefill: it may wait for another session's header.)
        batcher?.beginSequence()
        defer { batcher?.endSequence() }
        var sampler = Sampler(options.sampling)
        var history = prompt
        var generated: [Int32] = []
        var stopper = TextStopper(stopStrings: options.stopStrings)
        var finish = GenerationResult.FinishReason.length
        while generated.count < maxNew {
            if shouldCancel() { finish = .cancelled; break }
            let token = sampler.sample(logits, history: history)
            if isEndOfGeneration(token) { finish = .endOfText; break }
            if options.stopTokens.contains(token) { finish = .stop; break }
            generated.append(token)
            history.append(token)
            if stopper.append(piece(token)) { finish = .stop; break }
            if let text = stopper.releasable(final: false) { onText?(text) }
            if generated.count == maxNew { break }
            logits = try append([token])
        }
        if let text = stopper.releasable(final: true) { onText?(text) }
        let end = clock.now
        return GenerationResult(
            tokens: generated, text: stopper.text, finishReason: finish, promptTokens: prompt.count,
            reusedPromptTokens: reused, promptSeconds: (prefilled - start).seconds, generationSeconds: (end - prefilled).seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension InferenceContext {
    /// Generates a continuation of `prompt` text with the model's tokenizer; stops at the model's
    /// end-of-generation tokens, `options`' stop tokens and stop strings.
    public func generate(
        _ prompt: String, addBOS: Bool? = nil, options: GenerationOptions,
        shouldCancel: () -> Bool = { false }, onText: ((String) -> Void)? = nil
    ) throws -> GenerationResult {
        let tokenizer = model.tokenizer
        return try generate(
            prompt: model.tokenize(prompt, addBOS: addBOS), options: options,
            piece: { tokenizer.piece($0) }, isEndOfGeneration: { tokenizer.isEndOfGeneration($0) },
            shouldCancel: shouldCancel, onText: onText)
    }
}

/// What one generation call may do: how many tokens, how to sample, and when to stop.
public struct GenerationOptions: Sendable, Hashable {
    public var maxNewTokens: Int
    public var sampling: SamplingParameters
    /// Generation stops when the text contains one of these; the stop string itself is not returned.
    public var stopStrings: [String]
    /// Extra token ids that end generation, besides the model's end-of-generation tokens.
    public var stopTokens: Set<Int32>

    public init(maxNewTokens: Int = 128, sampling: SamplingParameters = .greedy, stopStrings: [String] = [], stopTokens: Set<Int32> = []) {
        self.maxNewTokens = maxNewTokens
        self.sampling = sampling
        self.stopStrings = stopStrings
        self.stopTokens = stopTokens
    }
}

/// What a generation call produced, with the counts and timings reports need.
public struct GenerationResult: Sendable, Hashable {
    public enum FinishReason: String, Sendable, Hashable {
        case stop, length, endOfText, cancelled
    }

    /// Generated token ids (the end-of-generation token, if any, is not included).
    public var tokens: [Int32]
    /// The generated text, cut before a stop string.
    public var text: String
    public var finishReason: FinishReason
    public var promptTokens: Int
    /// Prompt tokens whose keys and values came from the cache.
    public var reusedPromptTokens: Int
    public var promptSeconds: Double
    public var generationSeconds: Double
}

/// What a model call returned, with the figures mining and reports need.
public struct Completion: Sendable, Hashable, Codable {
    public enum FinishReason: String, Sendable, Hashable, Codable {
        case stop       // a stop string or stop token
        case length     // max new tokens
        case endOfText  // the model's end-of-generation token
        case cancelled
    }

    /// The raw generated text, without the stop string.
    public var text: String
    public var finishReason: FinishReason
    public var promptTokens: Int
    public var completionTokens: Int
    /// Prompt tokens served from the KV cache instead of being recomputed.
    public var cachedPromptTokens: Int
    public var promptMilliseconds: Double
    public var generationMilliseconds: Double

    public init(
        text: String,
        finishReason: FinishReason,
        promptTokens: Int,
        completionTokens: Int,
        cachedPromptTokens: Int = 0,
        promptMilliseconds: Double = 0,
        generationMilliseconds: Double = 0
    ) {
        self.text = text
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.promptMilliseconds = promptMilliseconds
        self.generationMilliseconds = generationMilliseconds
    }
}

/// One call to a module's model: the exact prompt and completion, with counts and timings.
public struct ModelCall: Sendable, Hashable, Codable {
    public enum Module: String, Sendable, Hashable, Codable {
        case plan
        case ground
        /// The QA tool's model (complex-QA `QA` actions and the final-answer call).
        case qa
    }

    public var module: Module
    /// 1-based subgoal number the call served.
    public var step: Int
    public var model: String
    public var prompt: String
    public var completion: String
    public var finishReason: Completion.FinishReason
    public var promptTokens: Int
    public var completionTokens: Int
    public var cachedPromptTokens: Int
    /// Wall time of the whole call, prompt processing included.
    public var milliseconds: Double
    /// Prompt processing and generation time as the backend measured them, so generation speed
    /// can leave prompt processing out. Nil when the backend measured nothing (a failed call, a
    /// scripted model) and in rows written before they were recorded.
    public var promptMilliseconds: Double?
    public var generationMilliseconds: Double?
    /// Set when the call failed (the completion is then empty).
    public var error: String?

    public init(
        module: Module, step: Int, model: String, prompt: String, completion: String,
        finishReason: Completion.FinishReason, promptTokens: Int, completionTokens: Int,
        cachedPromptTokens: Int, milliseconds: Double, promptMilliseconds: Double? = nil,
        generationMilliseconds: Double? = nil, error: String? = nil
    ) {
        self.module = module
        self.step = step
        self.model = model
        self.prompt = prompt
        self.completion = completion
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.milliseconds = milliseconds
        self.promptMilliseconds = promptMilliseconds
        self.generationMilliseconds = generationMilliseconds
        self.error = error
    }
}

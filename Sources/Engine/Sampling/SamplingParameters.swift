/// How the next token is chosen, with llama.cpp's chain order: repetition penalty, top-k, top-p, min-p,
/// temperature, then a seeded draw. Temperature ≤ 0 means greedy (argmax after the penalty).
public struct SamplingParameters: Sendable, Hashable {
    public var temperature: Float
    public var topK: Int
    public var topP: Float
    public var minP: Float
    public var repetitionPenalty: Float
    /// How many recent tokens (prompt included) the repetition penalty looks at.
    public var penaltyLastN: Int
    public var seed: UInt64

    public init(
        temperature: Float = 0, topK: Int = 40, topP: Float = 0.95, minP: Float = 0.05,
        repetitionPenalty: Float = 1, penaltyLastN: Int = 64, seed: UInt64 = 0
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.penaltyLastN = penaltyLastN
        self.seed = seed
    }

    public static let greedy = SamplingParameters()
}

/// Scores per lumos-spec §8; which fields are set depends on the dataset.
public struct Scores: Sendable, Hashable, Codable {
    /// Maths: numeric equality after normalisation (the score `correct` follows).
    public var numericMatch: Bool?
    /// Maths: the reference's exact string comparison, kept for comparability with the paper.
    public var exactStringMatch: Bool?
    /// HotpotQA: SQuAD exact match and F1.
    public var exactMatch: Bool?
    public var f1: Double?
    /// StrategyQA: the yes/no decision matched.
    public var yesNoMatch: Bool?

    public init(numericMatch: Bool? = nil, exactStringMatch: Bool? = nil, exactMatch: Bool? = nil, f1: Double? = nil, yesNoMatch: Bool? = nil) {
        self.numericMatch = numericMatch
        self.exactStringMatch = exactStringMatch
        self.exactMatch = exactMatch
        self.f1 = f1
        self.yesNoMatch = yesNoMatch
    }
}

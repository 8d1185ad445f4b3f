/// The benchmark a task comes from; it fixes the domain, the loop settings and the scorer.
public enum Dataset: String, Sendable, Hashable, Codable, CaseIterable {
    case gsm8k
    case svamp
    case hotpotqa
    case strategyqa
    /// Generic JSONL: the domain comes from each line.
    case custom

    /// The domain a dataset belongs to, when the dataset decides it.
    public var domain: Domain? {
        switch self {
        case .gsm8k, .svamp: .maths
        case .hotpotqa, .strategyqa: .complexQA
        case .custom: nil
        }
    }
}

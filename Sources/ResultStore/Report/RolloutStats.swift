/// Figures over sampled rollouts (`submit --samples K`), per dataset and formulation: how often
/// the first sample is right (pass@1), how often any sample is (pass@K), and how many correct
/// samples items got. Only tasks that carry a rollout count here.
public struct RolloutStats: Sendable, Hashable, Codable {
    public var items: Int
    /// K: the most samples submitted for one item.
    public var samplesPerItem: Int
    /// Samples with a stored result.
    public var samplesRun: Int
    /// Samples submitted but never run (cancelled by --stop-after-correct, or not finished yet).
    public var samplesNotRun: Int
    /// Items whose sample 1 is correct, over items whose sample 1 ran. Sample 1 is always run,
    /// so early stopping does not bias it.
    public var passAt1: Double
    /// Items with at least one correct sample, over all items.
    public var passAtK: Double
    /// Correct samples per item → items.
    public var correctPerItem: [Int: Int]

    /// One row per stored sample: item, sample number, samples submitted, correct.
    struct Sample {
        var item: String
        var sample: Int
        var samples: Int
        var correct: Bool
    }

    static func build(_ rows: [Sample]) -> RolloutStats? {
        guard !rows.isEmpty else { return nil }
        let byItem = Dictionary(grouping: rows, by: \.item)
        var firstRan = 0
        var firstCorrect = 0
        var solved = 0
        var distribution: [Int: Int] = [:]
        var submitted = 0
        for samples in byItem.values {
            submitted += samples.map(\.samples).max() ?? samples.count
            if let first = samples.first(where: { $0.sample == 1 }) {
                firstRan += 1
                if first.correct { firstCorrect += 1 }
            }
            let correct = samples.filter(\.correct).count
            if correct > 0 { solved += 1 }
            distribution[correct, default: 0] += 1
        }
        return RolloutStats(
            items: byItem.count, samplesPerItem: rows.map(\.samples).max() ?? 1, samplesRun: rows.count,
            samplesNotRun: max(submitted - rows.count, 0),
            passAt1: firstRan > 0 ? Double(firstCorrect) / Double(firstRan) : 0,
            passAtK: Double(solved) / Double(byItem.count), correctPerItem: distribution)
    }
}

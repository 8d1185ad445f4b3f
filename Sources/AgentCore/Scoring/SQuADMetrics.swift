import Foundation

/// The SQuAD answer normaliser and metrics the HotpotQA eval uses (lumos-spec §8.1).
public enum SQuADMetrics {
    /// Lower-case, drop ASCII punctuation, drop the words a/an/the, collapse whitespace.
    public static func normalize(_ text: String) -> String {
        let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        let lowered = String(text.lowercased().filter { !punctuation.contains($0) })
        let words = lowered.split(whereSeparator: { $0.isWhitespace }).filter { !["a", "an", "the"].contains($0) }
        return words.joined(separator: " ")
    }

    public static func exactMatch(_ prediction: String, _ gold: String) -> Bool {
        normalize(prediction) == normalize(gold)
    }

    /// SQuAD F1 over normalised tokens; yes/no/noanswer must match exactly.
    public static func f1(_ prediction: String, _ gold: String) -> Double {
        let p = normalize(prediction)
        let g = normalize(gold)
        let special: Set<String> = ["yes", "no", "noanswer"]
        if (special.contains(p) || special.contains(g)) && p != g { return 0 }
        let predicted = p.split(separator: " ").map(String.init)
        let truth = g.split(separator: " ").map(String.init)
        var counts: [String: Int] = [:]
        for token in truth { counts[token, default: 0] += 1 }
        var common = 0
        for token in predicted where (counts[token] ?? 0) > 0 {
            counts[token]! -= 1
            common += 1
        }
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(predicted.count)
        let recall = Double(common) / Double(truth.count)
        return 2 * precision * recall / (precision + recall)
    }
}

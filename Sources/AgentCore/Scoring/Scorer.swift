/// Scores per lumos-spec §8.1. `correct` follows numeric equality for maths, EM for HotpotQA and
/// the yes/no decision for StrategyQA.
public enum Scorer {
    public static func score(prediction: String?, gold: String?, dataset: Dataset, domain: Domain) -> (scores: Scores, correct: Bool) {
        guard let gold else { return (Scores(), false) }
        let effective = dataset == .custom ? (domain == .maths ? Dataset.gsm8k : .hotpotqa) : dataset
        switch effective {
        case .gsm8k, .svamp, .custom:
            let exact = prediction == gold
            let numeric = prediction.map { NumericAnswer.equal($0, gold) } ?? false
            return (Scores(numericMatch: numeric, exactStringMatch: exact), numeric)
        case .hotpotqa:
            let predicted = prediction ?? ""
            let em = SQuADMetrics.exactMatch(predicted, gold)
            return (Scores(exactMatch: em, f1: SQuADMetrics.f1(predicted, gold)), em)
        case .strategyqa:
            let decision = (prediction ?? "").lowercased().contains("yes") ? "true" : "false"
            let match = prediction != nil && decision == gold.lowercased()
            return (Scores(yesNoMatch: match), match)
        }
    }
}

/// Numeric comparison of maths answers after normalisation: `$18`, `18.0`, ` 18`, `1,000`,
/// `18 dollars`, `48/5` and `9.6` all read as numbers.
public enum NumericAnswer {
    public static func value(_ text: String) -> Double? {
        var t = text.pythonStripped.replacingOccurrences(of: ",", with: "")
        for junk in ["$", "€", "£"] { t = t.replacingOccurrences(of: junk, with: "") }
        t = t.pythonStripped(characters: " .")
        if let value = Double(t) { return value }
        if t.hasSuffix("%"), let value = Double(String(t.dropLast()).pythonStripped) { return value }
        let pieces = t.components(separatedBy: "/")
        if pieces.count == 2, let n = Double(pieces[0].pythonStripped), let d = Double(pieces[1].pythonStripped), d != 0 {
            return n / d
        }
        // A leading number followed by a unit word: "18 dollars".
        let head = t.prefix { $0.isNumber || $0 == "." || $0 == "-" }
        if !head.isEmpty, let value = Double(head), t.dropFirst(head.count).first == " " { return value }
        return nil
    }

    public static func equal(_ prediction: String, _ gold: String) -> Bool {
        guard let a = value(prediction), let b = value(gold) else { return false }
        return abs(a - b) <= 1e-6 * max(1, abs(b))
    }
}

import Foundation

import Foundation

/// Gold-answer extraction per lumos-spec §8.1: what a prediction is compared with.
public enum GoldAnswer {
    /// The comparable gold answer from a dataset's raw `answer` field (as `AgentTask.answer` holds it).
    /// - GSM8K: the text after the last `####`, stripped, with thousands separators removed
    ///   (Python `re.sub(r"(\d),(\d)", r"\1\2", …)`: non-overlapping, left to right).
    /// - SVAMP: `String(Int(Answer))` when the value is integral ("8.0" → "8").
    /// - StrategyQA: "true"/"false" (lower-cased).
    /// - HotpotQA and custom: the answer, stripped.
    public static func extract(dataset: Dataset, answer: String) -> String {
        switch dataset {
        case .gsm8k:
            let afterMarker = answer.range(of: "####", options: .backwards).map { String(answer[$0.upperBound...]) } ?? answer
            return removeThousandsSeparators(afterMarker.pythonStripped)
        case .svamp:
            let stripped = answer.pythonStripped
            if let value = Double(stripped), value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                return String(Int(value))
            }
            return stripped
        case .strategyqa:
            return answer.pythonStripped.lowercased()
        case .hotpotqa, .custom:
            return answer.pythonStripped
        }
    }

    /// `re.sub(r"(\d),(\d)", r"\1\2", s)`: each match consumes both digits, so "1,2,3" → "12,3".
    static func removeThousandsSeparators(_ text: String) -> String {
        let chars = Array(text)
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            if i + 2 < chars.count, isASCIIDigit(chars[i]), chars[i + 1] == ",", isASCIIDigit(chars[i + 2]) {
                out.append(chars[i])
                out.append(chars[i + 2])
                i += 3
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return String(out)
    }

    private static func isASCIIDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
}

import Foundation

/// The gold answer as the reference scores it (lumos-spec §8.1).
public enum GoldAnswer {
    public static func extract(_ answer: String?, dataset: Dataset) -> String? {
        guard let answer else { return nil }
        switch dataset {
        case .gsm8k:
            let tail = answer.components(separatedBy: "####").last ?? answer
            return removeThousandsSeparators(tail.pythonStripped)
        case .svamp:
            let text = answer.pythonStripped
            if let value = Double(text), value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            return text
        case .strategyqa:
            let text = answer.pythonStripped.lowercased()
            if text == "yes" { return "true" }
            if text == "no" { return "false" }
            return text
        case .hotpotqa, .custom:
            return answer.pythonStripped
        }
    }

    /// `re.sub(r"(\d),(\d)", r"\1\2", s)`: non-overlapping, left to right, as Python does.
    static func removeThousandsSeparators(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        while i < scalars.count {
            if isDigit(i), i + 2 < scalars.count, scalars[i + 1] == ",", isDigit(i + 2) {
                out.append(scalars[i])
                out.append(scalars[i + 2])
                i += 3
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}

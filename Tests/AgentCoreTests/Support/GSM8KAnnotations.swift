import Foundation

/// Converts GSM8K calculator annotations (`<<16-3-4=9>>`) into a gold Lumos plan: one subgoal and
/// one `Rk = Calculator(expr)` action per annotation, with earlier results replaced by their
/// variables so substitution is exercised.
struct GoldLumosPlan {
    var subgoals: [String]
    var actions: [String]

    static let allowed = Set("0123456789.+-*/()% ")

    /// The `(expression, result)` pairs of a rationale, in order.
    static func annotations(_ rationale: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = Substring(rationale)
        while let open = rest.range(of: "<<"), let close = rest[open.upperBound...].range(of: ">>") {
            let body = rest[open.upperBound..<close.lowerBound]
            if let eq = body.lastIndex(of: "=") {
                result.append((String(body[..<eq]), String(body[body.index(after: eq)...])))
            }
            rest = rest[close.upperBound...]
        }
        return result
    }

    /// Nil when the annotations do not convert: none at all, characters beyond arithmetic, or a
    /// last result that is not the gold answer.
    init?(rationale: String, gold: String) {
        let pairs = Self.annotations(rationale)
        guard !pairs.isEmpty, let last = pairs.last, Double(last.1) != nil,
              let goldValue = Double(gold), abs(Double(last.1)! - goldValue) < 1e-9 else { return nil }
        var subgoals: [String] = []
        var actions: [String] = []
        var earlier: [(String, String)] = []  // (result text, variable)
        for (i, (expression, value)) in pairs.enumerated() {
            guard expression.allSatisfy({ Self.allowed.contains($0) }), !expression.isEmpty else { return nil }
            let n = i + 1
            subgoals.append("Subgoal \(n): Calculate the result of step \(n).")
            actions.append("R\(n) = Calculator(\(Self.replacingEarlierResults(expression, earlier)))")
            earlier.append((value, "R\(n)"))
        }
        self.subgoals = subgoals
        self.actions = actions
    }

    /// Replaces whole number tokens equal to an earlier result by the most recent such variable.
    static func replacingEarlierResults(_ expression: String, _ earlier: [(String, String)]) -> String {
        var out = ""
        var number = ""
        func flush() {
            if !number.isEmpty {
                out += earlier.last(where: { $0.0 == number })?.1 ?? number
                number = ""
            }
        }
        for character in expression {
            if character.isNumber || character == "." { number.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }

    var iterativePlannerOutputs: [String] {
        subgoals.enumerated().map { $0.offset == 0 ? $0.element : "No, I will keep planning. " + $0.element }
            + ["Yes, I will stop planning."]
    }
}

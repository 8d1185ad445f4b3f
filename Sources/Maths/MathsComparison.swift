/// Truth of a comparison between two numbers.
enum MathsComparison {
    /// nil when either side is not a number.
    static func truth(_ lhs: MathsValue, _ op: String, _ rhs: MathsValue) -> Bool? {
        let order: Int
        if let a = lhs.rational, let b = rhs.rational {
            order = a < b ? -1 : (a == b ? 0 : 1)
        } else if let a = lhs.double, let b = rhs.double {
            // Approximate values: equal when they agree to 12 significant digits, as printed.
            let tolerance = 1e-12 * max(1, abs(a), abs(b))
            order = abs(a - b) <= tolerance ? 0 : (a < b ? -1 : 1)
        } else {
            return nil
        }
        return holds(op, order)
    }

    /// Whether `op` holds for a comparison result (−1, 0, 1).
    static func holds(_ op: String, _ order: Int) -> Bool {
        switch op {
        case "<": order < 0
        case "<=": order <= 0
        case ">": order > 0
        case ">=": order >= 0
        case "!=": order != 0
        default: order == 0
        }
    }

    /// The operator that holds after both sides are multiplied by a negative number.
    static func flipped(_ op: String) -> String {
        switch op {
        case "<": ">"
        case "<=": ">="
        case ">": "<"
        case ">=": "<="
        default: op
        }
    }
}

/// Solves linear inequalities in one unknown, including chains (`1 < 2x + 1 < 5`) and several comma-separated
/// inequalities, by collecting bounds on the unknown.
struct InequalitySolver {
    private struct Bound {
        var value: BigRational
        var strict: Bool
    }

    static func solve(_ relations: [MathsValue]) throws(MathsError) -> String {
        var constraints: [(op: String, lhs: MathsValue, rhs: MathsValue)] = []
        for relation in relations {
            guard case .relation(let sides, let operators) = relation else {
                throw MathsError(.syntax, "SolveInequality needs an inequality such as '2x + 3 > 7'")
            }
            for (index, op) in operators.enumerated() { constraints.append((op, sides[index], sides[index + 1])) }
        }
        var unknown: String?
        var lower: Bound?
        var upper: Bound?
        var excluded: [BigRational] = []
        var equal: BigRational?
        for constraint in constraints {
            guard case .exact(let p, let d) = try MathsArithmetic.apply("-", constraint.lhs, constraint.rhs),
                  d.constantValue != nil else {
                throw MathsError(.unsupported, "only linear inequalities with exact numbers are solved")
            }
            let variables = p.variables
            if variables.isEmpty {
                let order = p.constantValue!.isZero ? 0 : (p.constantValue!.isNegative ? -1 : 1)
                if !MathsComparison.holds(constraint.op, order) { return "False" }
                continue
            }
            guard variables.count == 1, let name = variables.first, unknown == nil || unknown == name, p.degree == 1 else {
                throw MathsError(.unsupported, "only linear inequalities in one unknown are solved")
            }
            unknown = name
            let parts = p.coefficients(in: name)
            let k = parts[1].constantValue!
            let m = parts[0].constantValue ?? .zero
            let bound = -m / k
            let op = k.isNegative ? MathsComparison.flipped(constraint.op) : constraint.op
            switch op {
            case ">", ">=":
                let candidate = Bound(value: bound, strict: op == ">")
                if let current = lower, current.value > bound || (current.value == bound && current.strict) { break }
                lower = candidate
            case "<", "<=":
                let candidate = Bound(value: bound, strict: op == "<")
                if let current = upper, current.value < bound || (current.value == bound && current.strict) { break }
                upper = candidate
            case "!=":
                excluded.append(bound)
            default:
                if let e = equal, e != bound { return "False" }
                equal = bound
            }
        }
        guard let name = unknown else { return "True" }
        let number = MathsFormatter.number
        if let e = equal {
            if let lower, !(e > lower.value || (e == lower.value && !lower.strict)) { return "False" }
            if let upper, !(e < upper.value || (e == upper.value && !upper.strict)) { return "False" }
            if excluded.contains(e) { return "False" }
            return "\(name) = \(number(e))"
        }
        var parts: [String] = []
        switch (lower, upper) {
        case (let lo?, let hi?):
            if lo.value > hi.value || (lo.value == hi.value && (lo.strict || hi.strict)) { return "False" }
            if lo.value == hi.value { parts.append("\(name) = \(number(lo.value))") }
            else { parts.append("\(number(lo.value)) \(lo.strict ? "<" : "<=") \(name) \(hi.strict ? "<" : "<=") \(number(hi.value))") }
        case (let lo?, nil):
            parts.append("\(name) \(lo.strict ? ">" : ">=") \(number(lo.value))")
        case (nil, let hi?):
            parts.append("\(name) \(hi.strict ? "<" : "<=") \(number(hi.value))")
        case (nil, nil):
            break
        }
        parts += excluded.sorted().map { "\(name) != \(number($0))" }
        return parts.isEmpty ? "True" : parts.joined(separator: " ∧ ")
    }
}

/// Solution and inequality strings (the formats are described on `MathsFormatter`).
extension MathsFormatter {
    static func solutions(_ outcome: EquationSolver.Outcome, unknowns: [String]) -> String {
        switch outcome {
        case .parametric(let expressions):
            return expressions.map { "\($0.0) = \(polynomial($0.1))" }.joined(separator: " ∧ ")
        case .solutions(let sets):
            // One unknown with an irrational pair of roots: Wolfram Alpha's `x = 1 ± sqrt(2)`.
            if unknowns.count == 1, sets.count == 2, let name = unknowns.first,
               let surd = sets[0][name]?.surd, sets[1][name]?.surd != nil {
                let base = surd.base.isZero ? "" : number(surd.base) + " "
                return "\(name) = \(base)± \(squareRoot(surd.coefficient, surd.radicand))"
            }
            return sets.map { set in
                unknowns.map { "\($0) = \(value(set[$0]))" }.joined(separator: " ∧ ")
            }.joined(separator: " or ")
        }
    }

    private static func value(_ value: EquationSolver.Value?) -> String {
        guard let value else { return "?" }
        if let exact = value.exact { return number(exact) }
        if let surd = value.surd {
            let root = squareRoot(surd.coefficient, surd.radicand)
            if surd.base.isZero { return surd.sign < 0 ? "-" + root : root }
            return number(surd.base) + (surd.sign < 0 ? " - " : " + ") + root
        }
        return real(value.approximate)
    }

    /// `coefficient·√radicand` as `sqrt(2)`, `2 sqrt(3)`, `sqrt(5)/2`, `3 sqrt(5)/2`.
    private static func squareRoot(_ coefficient: BigRational, _ radicand: BigInt) -> String {
        let root = "sqrt(\(radicand))"
        let numerator = coefficient.numerator == .one ? root : "\(coefficient.numerator) \(root)"
        return coefficient.isInteger ? numerator : "\(numerator)/\(coefficient.denominator)"
    }
}

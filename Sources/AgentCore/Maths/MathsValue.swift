/// The result of evaluating a node: exact (a ratio of polynomials with rational coefficients, usually with
/// denominator 1), approximate (a Double, for irrational results), a relation, or a list.
enum MathsValue: Sendable, Equatable {
    case exact(Polynomial, over: Polynomial)
    case real(Double)
    case relation([MathsValue], [String])
    case list([MathsValue])

    /// Refuse results whose numbers need more bits than this (about 30,000 decimal digits).
    static let maximumBits = 100_000
    /// Refuse polynomials with more terms than this.
    static let maximumTerms = 2_000

    static func number(_ value: BigRational) -> MathsValue { .exact(Polynomial(value), over: Polynomial(.one)) }
    static func variable(_ name: String) -> MathsValue { .exact(Polynomial(variable: name), over: Polynomial(.one)) }

    /// The exact number, when the value is one.
    var rational: BigRational? {
        if case .exact(let numerator, let denominator) = self, let n = numerator.constantValue, let d = denominator.constantValue, !d.isZero {
            return n / d
        }
        return nil
    }

    /// The numeric value, exact or approximate.
    var double: Double? {
        if let rational { return rational.doubleValue }
        if case .real(let value) = self { return value }
        return nil
    }

    /// Builds `numerator / denominator` in normal form: a constant denominator is divided out, and a one-term
    /// denominator that divides every numerator term is cancelled.
    static func fraction(_ numerator: Polynomial, _ denominator: Polynomial) throws(MathsError) -> MathsValue {
        if denominator.isZero { throw MathsError(.divisionByZero, "division by zero") }
        if numerator.isZero { return .number(.zero) }
        if let d = denominator.constantValue {
            return try checked(.exact(numerator.scaled(by: .one / d), over: Polynomial(.one)))
        }
        if denominator.terms.count == 1, let (monomial, coefficient) = denominator.terms.first {
            var quotient: [Monomial: BigRational] = [:]
            for (term, value) in numerator.terms {
                guard let reduced = term.dividing(by: monomial) else { return try checked(.exact(numerator, over: denominator)) }
                quotient[reduced] = value / coefficient
            }
            return try checked(.exact(Polynomial(terms: quotient), over: Polynomial(.one)))
        }
        return try checked(.exact(numerator, over: denominator))
    }

    static func checked(_ value: MathsValue) throws(MathsError) -> MathsValue {
        if case .exact(let n, let d) = value {
            if max(n.bitWidth, d.bitWidth) > maximumBits {
                throw MathsError(.tooLarge, "the result has more than \(maximumBits / 10 * 3) digits")
            }
            if n.terms.count > maximumTerms || d.terms.count > maximumTerms {
                throw MathsError(.tooLarge, "the expanded expression has more than \(maximumTerms) terms")
            }
        }
        if case .real(let x) = value, !x.isFinite {
            throw MathsError(x.isNaN ? .domain : .tooLarge, x.isNaN ? "the result is not a real number" : "the result is too large")
        }
        return value
    }
}

extension Monomial {
    /// `self / divisor` when that is again a monomial.
    func dividing(by divisor: Monomial) -> Monomial? {
        var factors: [Factor] = []
        for factor in self.factors {
            let remaining = factor.exponent - divisor.exponent(of: factor.name)
            if remaining < 0 { return nil }
            if remaining > 0 { factors.append(Factor(name: factor.name, exponent: remaining)) }
        }
        for factor in divisor.factors where exponent(of: factor.name) == 0 { return nil }
        return Monomial(factors: factors)
    }
}

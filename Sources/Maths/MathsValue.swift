/// The result of evaluating a node: exact (a ratio of polynomials with rational coefficients, usually with
/// denominator 1), approximate (a Double, for irrational results), a relation, or a list.
enum MathsValue: Sendable, Equatable {
    case exact(Polynomial, over: Polynomial)
    case real(Double)
    case relation([MathsValue], [String])
    case list([MathsValue])

    /// Refuse results whose numbers need more bits than this (about 10,000 decimal digits): far beyond any word
    /// problem, and small enough that no single operation takes noticeable time.
    static let maximumBits = 33_220
    static let sizeLimitText = "about 10,000 digits"
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

    /// Builds `numerator / denominator` in normal form: a constant denominator is divided out, a one-term
    /// denominator that divides every numerator term is cancelled, and so is a one-unknown denominator that divides
    /// the numerator exactly (`(x^2 - 1)/(x - 1)` is `x + 1`).
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
        if let quotient = numerator.exactQuotient(dividingBy: denominator) {
            return try checked(.exact(quotient, over: Polynomial(.one)))
        }
        return try checked(.exact(numerator, over: denominator))
    }

    static func checked(_ value: MathsValue) throws(MathsError) -> MathsValue {
        if case .exact(let n, let d) = value {
            if max(n.bitWidth, d.bitWidth) > maximumBits {
                throw MathsError(.tooLarge, "the result has more than \(sizeLimitText)")
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

extension Polynomial {
    /// `self / divisor` when both are polynomials in the same single unknown and the division leaves no remainder.
    func exactQuotient(dividingBy divisor: Polynomial) -> Polynomial? {
        let names = variables.union(divisor.variables)
        guard names.count == 1, let name = names.first, degree(in: name) >= divisor.degree(in: name), degree <= 400 else {
            return nil
        }
        var remainder = coefficients(in: name).map { $0.constantValue ?? .zero }
        let d = divisor.coefficients(in: name).map { $0.constantValue ?? .zero }
        var quotient = [BigRational](repeating: .zero, count: remainder.count - d.count + 1)
        for k in stride(from: quotient.count - 1, through: 0, by: -1) {
            let factor = remainder[k + d.count - 1] / d[d.count - 1]
            quotient[k] = factor
            if factor.isZero { continue }
            for (i, c) in d.enumerated() { remainder[k + i] = remainder[k + i] - factor * c }
        }
        guard remainder.allSatisfy(\.isZero) else { return nil }
        var terms: [Monomial: BigRational] = [:]
        for (power, c) in quotient.enumerated() where !c.isZero {
            terms[power == 0 ? .one : Monomial(factors: [.init(name: name, exponent: power)])] = c
        }
        return Polynomial(terms: terms)
    }
}

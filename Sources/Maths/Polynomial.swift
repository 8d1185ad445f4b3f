/// A product of variables raised to positive integer powers, kept sorted by variable name.
struct Monomial: Sendable, Hashable {
    struct Factor: Sendable, Hashable {
        var name: String
        var exponent: Int
    }

    var factors: [Factor]

    static let one = Monomial(factors: [])

    init(factors: [Factor]) { self.factors = factors }
    init(variable: String) { factors = [Factor(name: variable, exponent: 1)] }

    var degree: Int { factors.reduce(0) { $0 + $1.exponent } }
    func exponent(of name: String) -> Int { factors.first { $0.name == name }?.exponent ?? 0 }

    static func * (lhs: Monomial, rhs: Monomial) -> Monomial {
        var merged: [String: Int] = [:]
        for factor in lhs.factors + rhs.factors { merged[factor.name, default: 0] += factor.exponent }
        return Monomial(factors: merged.map { Factor(name: $0.key, exponent: $0.value) }.sorted { $0.name < $1.name })
    }

    /// The monomial without `name`.
    func removing(_ name: String) -> Monomial { Monomial(factors: factors.filter { $0.name != name }) }

    /// Normal-form order: higher total degree first, then by variables in alphabetical order with higher powers first
    /// (`x^2 + xy + y^2 + x + y + 1`).
    static func precedes(_ a: Monomial, _ b: Monomial) -> Bool {
        if a.degree != b.degree { return a.degree > b.degree }
        for (fa, fb) in zip(a.factors, b.factors) {
            if fa.name != fb.name { return fa.name < fb.name }
            if fa.exponent != fb.exponent { return fa.exponent > fb.exponent }
        }
        return a.factors.count < b.factors.count
    }
}

/// A multivariate polynomial with exact rational coefficients. Zero coefficients are never stored.
struct Polynomial: Sendable, Hashable {
    private(set) var terms: [Monomial: BigRational]

    init(terms: [Monomial: BigRational]) { self.terms = terms.filter { !$0.value.isZero } }
    init(_ constant: BigRational) { self.init(terms: [.one: constant]) }
    init(variable: String) { terms = [Monomial(variable: variable): .one] }

    static let zero = Polynomial(terms: [:])

    var isZero: Bool { terms.isEmpty }
    /// The value when the polynomial has no variables.
    var constantValue: BigRational? {
        if terms.isEmpty { return .zero }
        if terms.count == 1, let c = terms[.one] { return c }
        return nil
    }
    var variables: Set<String> { Set(terms.keys.flatMap { $0.factors.map(\.name) }) }
    var degree: Int { terms.keys.map(\.degree).max() ?? 0 }
    func degree(in name: String) -> Int { terms.keys.map { $0.exponent(of: name) }.max() ?? 0 }
    /// Largest coefficient size in bits, used to refuse runaway growth.
    var bitWidth: Int { terms.values.map { max($0.numerator.bitWidth, $0.denominator.bitWidth) }.max() ?? 0 }
    /// Terms in normal-form order.
    var sortedTerms: [(monomial: Monomial, coefficient: BigRational)] {
        terms.sorted { Monomial.precedes($0.key, $1.key) }.map { ($0.key, $0.value) }
    }

    static prefix func - (value: Polynomial) -> Polynomial { Polynomial(terms: value.terms.mapValues { -$0 }) }

    static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var sum = lhs.terms
        for (monomial, coefficient) in rhs.terms { sum[monomial] = (sum[monomial] ?? .zero) + coefficient }
        return Polynomial(terms: sum)
    }

    static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial { lhs + (-rhs) }

    static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var product: [Monomial: BigRational] = [:]
        for (ma, ca) in lhs.terms {
            for (mb, cb) in rhs.terms {
                let m = ma * mb
                product[m] = (product[m] ?? .zero) + ca * cb
            }
        }
        return Polynomial(terms: product)
    }

    func scaled(by factor: BigRational) -> Polynomial { Polynomial(terms: terms.mapValues { $0 * factor }) }

    /// Coefficients of the powers of `name`: `result[k]` multiplies `name^k`.
    func coefficients(in name: String) -> [Polynomial] {
        var result = [Polynomial](repeating: .zero, count: degree(in: name) + 1)
        for (monomial, coefficient) in terms {
            let k = monomial.exponent(of: name)
            result[k] = result[k] + Polynomial(terms: [monomial.removing(name): coefficient])
        }
        return result
    }

    /// Replaces the variable `name` by `value`. Refuses coefficients past `MathsValue.maximumBits`: fuzzing found
    /// `x^199` with a 1,500-bit value for `x`, whose powers ran for minutes.
    func substituting(_ name: String, with value: Polynomial) throws(MathsError) -> Polynomial {
        let parts = coefficients(in: name)
        var result = Polynomial.zero
        var power = Polynomial(.one)
        for (k, part) in parts.enumerated() {
            if k > 0 {
                guard power.bitWidth + value.bitWidth <= MathsValue.maximumBits else {
                    throw MathsError(.tooLarge, "substituting \(name) gives numbers too large to work with")
                }
                power = power * value
            }
            if !part.isZero { result = result + part * power }
        }
        return result
    }
}

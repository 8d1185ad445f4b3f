import Foundation

/// Solves polynomial equation systems by elimination: linear systems in any number of unknowns, one quadratic
/// (or `a·x^n = c`) in one unknown, and systems that reduce to one by substitution (`xy = 24, x = 6y`).
///
/// Each equation becomes `P = 0` with `P` the numerator of `lhs − rhs` (denominators are multiplied out, and
/// roots that make one of them zero are dropped). While some equation is of degree 1 in an unknown with a constant
/// coefficient, that unknown is solved for and substituted everywhere. What remains must be empty (unique or
/// parametric solution) or equations in a single unknown.
struct EquationSolver {
    /// One unknown's value in a solution.
    struct Value: Sendable {
        var exact: BigRational?
        var approximate: Double
        /// For a quadratic's irrational pair: `base ± coefficient·√radicand` (this value takes `sign`).
        var surd: (base: BigRational, coefficient: BigRational, radicand: BigInt, sign: Int)?
    }

    enum Outcome {
        /// Solution sets, each mapping every unknown to its value, ascending by the first unknown.
        case solutions([[String: Value]])
        /// Infinitely many solutions: some unknowns expressed through the free ones.
        case parametric([(String, Polynomial)])
    }

    private var equations: [Polynomial] = []
    private var denominators: [Polynomial] = []

    init(_ relations: [MathsValue]) throws(MathsError) {
        for relation in relations {
            guard case .relation(let sides, let operators) = relation, operators.allSatisfy({ $0 == "=" }) else {
                throw MathsError(.syntax, "SolveEquation needs equations such as 'x + y = 10'")
            }
            for (lhs, rhs) in zip(sides, sides.dropFirst()) {
                guard case .exact(let n, let d) = try MathsArithmetic.apply("-", lhs, rhs) else {
                    throw MathsError(.unsupported, "equations with irrational constants are not solved; write the constant as a number")
                }
                equations.append(n)
                if d.constantValue == nil { denominators.append(d) }
            }
        }
    }

    var unknowns: [String] {
        equations.reduce(into: Set<String>()) { $0.formUnion($1.variables) }.sorted()
    }

    func solve() throws(MathsError) -> Outcome {
        var remaining = equations
        var eliminated: [(String, Polynomial)] = []
        while true {
            remaining.removeAll { $0.isZero }
            if remaining.contains(where: { $0.constantValue != nil }) {
                throw MathsError(.noSolution, "the equations have no solution (they contradict each other)")
            }
            guard let (index, name, expression) = Self.linearPivot(remaining) else { break }
            remaining.remove(at: index)
            remaining = try remaining.map { (equation) throws(MathsError) in try equation.substituting(name, with: expression) }
            eliminated = try eliminated.map { (pair) throws(MathsError) in (pair.0, try pair.1.substituting(name, with: expression)) }
            eliminated.append((name, expression))
        }
        if remaining.isEmpty {
            if eliminated.isEmpty { throw MathsError(.noSolution, "every value solves these equations") }
            let free = eliminated.reduce(into: Set<String>()) { $0.formUnion($1.1.variables) }
            if !free.isEmpty { return .parametric(eliminated.sorted { $0.0 < $1.0 }) }
            var solution: [String: Value] = [:]
            for (name, expression) in eliminated {
                let value = expression.constantValue!
                solution[name] = Value(exact: value, approximate: value.doubleValue)
            }
            return .solutions(try validated([solution]))
        }
        let left = remaining.reduce(into: Set<String>()) { $0.formUnion($1.variables) }
        guard left.count == 1, let name = left.first else {
            throw MathsError(.unsupported, "only linear systems and equations that reduce to one unknown are solved")
        }
        var roots = try Self.univariateRoots(remaining[0], name)
        // Other remaining equations must hold too.
        roots = roots.filter { root in remaining.dropFirst().allSatisfy { Self.vanishes($0, [name: root]) } }
        var solutions: [[String: Value]] = []
        for root in roots {
            var solution = [name: root]
            for (variable, expression) in eliminated.reversed() {
                solution[variable] = Self.evaluate(expression, solution)
            }
            solutions.append(solution)
        }
        if solutions.isEmpty { throw MathsError(.noSolution, "the equations have no real solution") }
        let first = unknowns.first ?? name
        return .solutions(try validated(solutions).sorted { ($0[first]?.approximate ?? 0) < ($1[first]?.approximate ?? 0) })
    }

    /// Drops solutions that make a denominator of the original equations zero.
    private func validated(_ solutions: [[String: Value]]) throws(MathsError) -> [[String: Value]] {
        let kept = solutions.filter { solution in !denominators.contains { Self.vanishes($0, solution) } }
        if kept.isEmpty { throw MathsError(.noSolution, "the only candidate solutions divide by zero") }
        return kept
    }

    /// An equation of degree 1 in some unknown with a constant coefficient, and that unknown's expression.
    private static func linearPivot(_ equations: [Polynomial]) -> (Int, String, Polynomial)? {
        for (index, equation) in equations.enumerated() {
            for name in equation.variables.sorted() where equation.degree(in: name) == 1 {
                let parts = equation.coefficients(in: name)
                guard let c = parts[1].constantValue, !c.isZero else { continue }
                return (index, name, (-parts[0]).scaled(by: .one / c))
            }
        }
        return nil
    }

    /// Real roots of a polynomial in one unknown: quadratics, `a·x^n + c`, times any power of x, and higher degrees
    /// whose rational roots leave at most a quadratic.
    private static func univariateRoots(_ p: Polynomial, _ name: String) throws(MathsError) -> [Value] {
        var coefficients = p.coefficients(in: name).map { $0.constantValue ?? .zero }
        var roots: [Value] = []
        if let lowest = coefficients.firstIndex(where: { !$0.isZero }), lowest > 0 {
            roots.append(Value(exact: .zero, approximate: 0))
            coefficients.removeFirst(lowest)
        }
        let degree = coefficients.count - 1
        let nonZero = coefficients.indices.filter { !coefficients[$0].isZero }
        if degree == 0 { return roots }
        if degree == 1 {
            let r = -coefficients[0] / coefficients[1]
            return roots + [Value(exact: r, approximate: r.doubleValue)]
        }
        if degree == 2 {
            return roots + (try quadraticRoots(coefficients[2], coefficients[1], coefficients[0]))
        }
        guard nonZero == [0, degree] else {
            let (rational, rest) = RationalRoots.extract(coefficients)
            guard rest.count <= 3, !rational.isEmpty else {
                throw MathsError(.unsupported, "equations of degree \(degree) are solved only when all but two roots are rational")
            }
            var all = roots + rational.map { Value(exact: $0, approximate: $0.doubleValue) }
            let restPolynomial = Polynomial(terms: Dictionary(uniqueKeysWithValues: rest.enumerated().map { power, c in
                (power == 0 ? Monomial.one : Monomial(factors: [.init(name: name, exponent: power)]), c)
            }))
            for root in try univariateRoots(restPolynomial, name) where !all.contains(where: { $0.exact != nil && $0.exact == root.exact }) {
                all.append(root)
            }
            return all
        }
        // a·x^n + c = 0 → x^n = −c/a
        let target = -coefficients[0] / coefficients[degree]
        if target.isNegative && degree % 2 == 0 { return roots }
        if let exact = MathsRoots.exactRoot(target, degree) {
            roots.append(Value(exact: exact, approximate: exact.doubleValue))
            if degree % 2 == 0 { roots.append(Value(exact: -exact, approximate: -exact.doubleValue)) }
        } else {
            let magnitude = Foundation.pow(abs(target.doubleValue), 1 / Double(degree))
            let principal = target.isNegative ? -magnitude : magnitude
            roots.append(Value(exact: nil, approximate: principal))
            if degree % 2 == 0 { roots.append(Value(exact: nil, approximate: -principal)) }
        }
        return roots
    }

    private static func quadraticRoots(_ a: BigRational, _ b: BigRational, _ c: BigRational) throws(MathsError) -> [Value] {
        let discriminant = b * b - BigRational(4) * a * c
        if max(discriminant.numerator.bitWidth, discriminant.denominator.bitWidth) > MathsRoots.maximumRootBits {
            throw MathsError(.tooLarge, "the equation's numbers are too large to solve")
        }
        if discriminant.isNegative { return [] }
        let base = -b / (BigRational(2) * a)
        if discriminant.isZero { return [Value(exact: base, approximate: base.doubleValue)] }
        if let root = MathsRoots.exactRoot(discriminant, 2) {
            let offset = root / (BigRational(2) * a)
            return [base - offset, base + offset].map { Value(exact: $0, approximate: $0.doubleValue) }
        }
        let (outside, radicand) = MathsRoots.simplifiedSquareRoot(discriminant)
        var coefficient = outside / (BigRational(2) * a)
        if coefficient.isNegative { coefficient = -coefficient }
        let offset = coefficient.doubleValue * radicand.doubleValue.squareRoot()
        return [-1, 1].map { sign in
            Value(exact: nil, approximate: base.doubleValue + Double(sign) * offset, surd: (base, coefficient, radicand, sign))
        }
    }

    /// The value of `p` at `solution` (exact when every value used is exact).
    static func evaluate(_ p: Polynomial, _ solution: [String: Value]) -> Value {
        var exact: BigRational? = .zero
        var approximate = 0.0
        for (monomial, coefficient) in p.terms {
            var termExact: BigRational? = coefficient
            var termApproximate = coefficient.doubleValue
            for factor in monomial.factors {
                let value = solution[factor.name] ?? Value(exact: nil, approximate: .nan)
                termExact = termExact.flatMap { t in value.exact.map { t * $0.power(factor.exponent) } }
                termApproximate *= Foundation.pow(value.approximate, Double(factor.exponent))
            }
            exact = exact.flatMap { e in termExact.map { e + $0 } }
            approximate += termApproximate
        }
        return Value(exact: exact, approximate: exact?.doubleValue ?? approximate)
    }

    private static func vanishes(_ p: Polynomial, _ solution: [String: Value]) -> Bool {
        let value = evaluate(p, solution)
        if let exact = value.exact { return exact.isZero }
        return abs(value.approximate) <= 1e-9 * max(1, abs(value.approximate))
    }
}

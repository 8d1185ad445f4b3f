/// How maths results are written. The loop stores these strings as variable values, shows them to the planner
/// (`The executed result for Subgoal 1 is 4.`), substitutes them into later actions, and the scorer compares the
/// final one with the gold answer — so every choice below is made for those readers. All formatting decisions of
/// the maths engine are here:
///
/// - **Integers** print as plain digits, without `.0`, separators or sign padding: `18`, `-50`,
///   `1267650600228229401496703205376` (Wolfram Alpha's plaintext does the same, and spec §8.1 compares
///   strings, so `18.0` or `$18` would score as wrong).
/// - **Non-integer rationals with a terminating decimal expansion** print as exact decimals: `9.6`, `0.3`, `-1.25`
///   (what GSM8K annotations and the Lumos training feedback contain, e.g. `<<48/5=9.6>>`). Up to 30 decimal
///   places; longer expansions use the fraction form.
/// - **Other rationals** print as the reduced fraction `p/q`, e.g. `10/3` — Wolfram Alpha's "exact result" — so a
///   later `Calculator(R1 * 3)` gets back exactly 10 and not 9.99.
/// - **Irrational results** (Double fallback) print with 12 significant digits, trailing zeros removed; values within
///   1e-12 of zero print `0`: `sqrt(2)` → `1.41421356237`, `sin(pi)` → `0`, `sqrt(2)^2` → `2`.
/// - **Polynomials** print in normal form: terms by descending total degree, then alphabetically; the coefficient is
///   written before the variables without `*` (`2x`, `0.5x`), `1` and `-1` are omitted (`x`, `-x`), non-terminating
///   fractional coefficients divide (`2x/3`); one-letter variables are juxtaposed, with a space after a power
///   (`x^2 + 2xy + y^2`, `x^2 y`); longer variable names are joined with `*`. `(x+1)^2` → `x^2 + 2x + 1`.
///   A non-constant denominator prints as `(numerator)/(denominator)`.
/// - **Relations** print their sides joined by ` = `, ` < `, … (`8p = 5p + 3000`). Comparisons of two numbers print
///   `True` or `False` (Wolfram Alpha's words).
/// - **Lists** print comma-separated: `3, 4`.
/// - **Solutions** (`SolveEquation`): `x = 6 ∧ y = 4` — Wolfram Alpha's form, with U+2227 between unknowns and
///   unknowns in alphabetical order, which the reference splits on `" ∧ "` (spec §7.1). Several solutions are joined
///   with ` or `, ascending by the first unknown: `x = -2 or x = 3`. Irrational quadratic roots use `±`:
///   `x = 1 ± sqrt(2)`. `MathsToolbox.solutionValues` reads these strings back the way the reference does.
/// - **Inequalities** (`SolveInequality`): `x > 2`, `x <= -3/2`, `1 < x < 5`; `True`/`False` when no unknown is left.
enum MathsFormatter {
    static func format(_ value: MathsValue) -> String {
        switch value {
        case .exact(let numerator, let denominator):
            if let d = denominator.constantValue, d == .one { return polynomial(numerator) }
            return "\(grouped(numerator))/\(grouped(denominator))"
        case .real(let x):
            return real(x)
        case .relation(let sides, let operators):
            if sides.count == 2, let truth = MathsComparison.truth(sides[0], operators[0], sides[1]) {
                return truth ? "True" : "False"
            }
            var text = format(sides[0])
            for (op, side) in zip(operators, sides.dropFirst()) { text += " \(op) " + format(side) }
            return text
        case .list(let items):
            return items.map(format).joined(separator: ", ")
        }
    }

    static func number(_ r: BigRational) -> String {
        if r.isInteger { return r.numerator.description }
        var twos = 0
        var fives = 0
        var rest = r.denominator
        while rest.isEven { rest = rest / BigInt(2); twos += 1 }
        while (rest % BigInt(5)).isZero { rest = rest / BigInt(5); fives += 1 }
        let places = max(twos, fives)
        guard rest == .one, places <= 30 else { return r.description }
        let scaled = (r.numerator.magnitude * BigInt(10).power(places)) / r.denominator
        var digits = scaled.description
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -places)
        return (r.isNegative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    static func real(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "undefined" : (x < 0 ? "-infinity" : "infinity") }
        if abs(x) < 1e-12 { return "0" }
        let magnitude = abs(x)
        let exponent = Int(magnitude.log10Floor)
        let scale = 11 - exponent
        var text: String
        if scale >= 0 {
            let scaled = (magnitude * power10(scale)).rounded()
            if let value = BigRational(exactly: scaled) {
                text = number(BigRational(value.numerator, BigInt(10).power(scale)))
            } else {
                text = String(magnitude)
            }
        } else {
            let scaled = (magnitude / power10(-scale)).rounded()
            if let value = BigRational(exactly: scaled) {
                text = (value.numerator * BigInt(10).power(-scale)).description
            } else {
                text = String(magnitude)
            }
        }
        return (x < 0 ? "-" : "") + text
    }

    private static func power10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    static func polynomial(_ p: Polynomial) -> String {
        let terms = p.sortedTerms
        if terms.isEmpty { return "0" }
        var text = ""
        for (index, term) in terms.enumerated() {
            let negative = term.coefficient.isNegative
            let magnitude = negative ? -term.coefficient : term.coefficient
            if index == 0 {
                text += negative ? "-" : ""
            } else {
                text += negative ? " - " : " + "
            }
            text += self.term(magnitude, term.monomial)
        }
        return text
    }

    private static func term(_ coefficient: BigRational, _ monomial: Monomial) -> String {
        if monomial.factors.isEmpty { return number(coefficient) }
        let variables = self.monomial(monomial)
        let joiner = monomial.factors.contains { $0.name.count > 1 } ? "*" : ""
        if coefficient == .one { return variables }
        let decimal = number(coefficient)
        if !decimal.contains("/") { return decimal + joiner + variables }
        let numerator = coefficient.numerator == .one ? "" : coefficient.numerator.description + joiner
        return "\(numerator)\(variables)/\(coefficient.denominator)"
    }

    private static func monomial(_ monomial: Monomial) -> String {
        let long = monomial.factors.contains { $0.name.count > 1 }
        var text = ""
        var previousHadPower = false
        for (index, factor) in monomial.factors.enumerated() {
            if index > 0 { text += long ? "*" : (previousHadPower ? " " : "") }
            text += factor.name
            if factor.exponent != 1 { text += "^\(factor.exponent)" }
            previousHadPower = factor.exponent != 1
        }
        return text
    }

    private static func grouped(_ p: Polynomial) -> String {
        let text = polynomial(p)
        return p.terms.count == 1 && (p.constantValue != nil || p.terms.first?.value == .one) ? text : "(\(text))"
    }
}

private extension Double {
    var log10Floor: Double {
        guard isFinite, self > 0 else { return 0 }
        var e = 0.0
        var m = self
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }
}

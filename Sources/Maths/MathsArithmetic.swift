import Foundation

/// Arithmetic on `MathsValue`s: exact whenever the inputs are exact and the result is rational, otherwise Double.
/// Relations distribute: `(L = R) * 20` is `20L = 20R`, and two equations combine side by side
/// (`(a = b) + (c = d)` is `a + c = b + d`), which is what the reference's `combineEqs` meant to compute.
enum MathsArithmetic {
    static func apply(_ op: String, _ lhs: MathsValue, _ rhs: MathsValue) throws(MathsError) -> MathsValue {
        switch (lhs, rhs) {
        case (.relation(let a, let ops), .relation(let b, _)):
            guard a.count == b.count else { throw MathsError(.unsupported, "cannot combine relations with different numbers of sides") }
            var sides: [MathsValue] = []
            for (x, y) in zip(a, b) { sides.append(try apply(op, x, y)) }
            return .relation(sides, ops)
        case (.relation(let a, let ops), _):
            var sides: [MathsValue] = []
            for x in a { sides.append(try apply(op, x, rhs)) }
            return .relation(sides, ops)
        case (_, .relation(let b, let ops)):
            var sides: [MathsValue] = []
            for y in b { sides.append(try apply(op, lhs, y)) }
            return .relation(sides, ops)
        case (.list, _), (_, .list):
            throw MathsError(.syntax, "a comma-separated list cannot be used in arithmetic")
        default:
            break
        }
        if case .exact(let an, let ad) = lhs, case .exact(let bn, let bd) = rhs {
            switch op {
            case "+": return try sum(an, ad, bn, bd, sign: 1)
            case "-": return try sum(an, ad, bn, bd, sign: -1)
            case "*":
                try guardProductSize(an, bn)
                try guardProductSize(ad, bd)
                return try MathsValue.fraction(an * bn, ad * bd)
            case "/":
                if bn.isZero { throw MathsError(.divisionByZero, "division by zero") }
                try guardProductSize(an, bd)
                try guardProductSize(ad, bn)
                return try MathsValue.fraction(an * bd, ad * bn)
            case "^": return try power(lhs, rhs)
            case "mod": return try modulo(lhs, rhs)
            default: throw MathsError(.syntax, "unknown operator '\(op)'")
            }
        }
        if op == "^" { return try power(lhs, rhs) }
        let (a, b) = try doubles(lhs, rhs, op)
        let result: Double = switch op {
        case "+": a + b
        case "-": a - b
        case "*": a * b
        case "/": b == 0 ? .nan : a / b
        default: b == 0 ? .nan : a - b * (a / b).rounded(.down)
        }
        if (op == "/" || op == "mod") && b == 0 { throw MathsError(.divisionByZero, "division by zero") }
        return try MathsValue.checked(.real(result))
    }

    static func negate(_ value: MathsValue) throws(MathsError) -> MathsValue {
        try apply("*", .number(BigRational(-1)), value)
    }

    private static func sum(_ an: Polynomial, _ ad: Polynomial, _ bn: Polynomial, _ bd: Polynomial, sign: Int) throws(MathsError) -> MathsValue {
        let signed = sign < 0 ? -bn : bn
        if ad == bd { return try MathsValue.fraction(an + signed, ad) }
        try guardProductSize(an, bd)
        try guardProductSize(bn, ad)
        return try MathsValue.fraction(an * bd + signed * ad, ad * bd)
    }

    private static func guardProductSize(_ a: Polynomial, _ b: Polynomial) throws(MathsError) {
        if a.terms.count * b.terms.count > 250_000 {
            throw MathsError(.tooLarge, "the expanded expression would have too many terms")
        }
        if a.bitWidth + b.bitWidth > MathsValue.maximumBits {
            throw MathsError(.tooLarge, "the result has more than \(MathsValue.sizeLimitText)")
        }
    }

    private static func doubles(_ lhs: MathsValue, _ rhs: MathsValue, _ op: String) throws(MathsError) -> (Double, Double) {
        guard let a = lhs.double, let b = rhs.double else {
            throw MathsError(.unsupported, "cannot combine an irrational number with a symbolic expression under '\(op)'")
        }
        return (a, b)
    }

    private static func modulo(_ lhs: MathsValue, _ rhs: MathsValue) throws(MathsError) -> MathsValue {
        guard let a = lhs.rational, let b = rhs.rational else {
            throw MathsError(.unsupported, "mod needs two numbers")
        }
        if b.isZero { throw MathsError(.divisionByZero, "division by zero in mod") }
        return .number(a - b * BigRational((a / b).floor))
    }

    static func power(_ base: MathsValue, _ exponent: MathsValue) throws(MathsError) -> MathsValue {
        if let e = exponent.rational, case .exact(let bn, let bd) = base {
            if e.isInteger {
                guard let n = e.numerator.intValue, n >= -1_000_000_000, n <= 1_000_000_000 else {
                    return try approximatePower(base, exponent)
                }
                if n < 0 && bn.isZero { throw MathsError(.divisionByZero, "zero cannot be raised to a negative power") }
                let width = max(bn.bitWidth, bd.bitWidth)
                let degree = max(bn.degree, bd.degree)
                // A w-bit number's n-th power has at least (w − 1)·n + 1 bits; the multiplications check the rest.
                if (width > 1 && (width - 1).multipliedReportingOverflow(by: abs(n)).partialValue > MathsValue.maximumBits)
                    || abs(n) > MathsValue.maximumBits {
                    if bn.constantValue != nil && bd.constantValue != nil, width > 1 { return try approximatePower(base, exponent) }
                    if width > 1 || degree > 0 { throw tooLargePower() }
                }
                if degree > 0 && (abs(n) > 200 || degree * abs(n) > 400) { throw tooLargePower() }
                var result = MathsValue.number(.one)
                var square = base
                var k = abs(n)
                while k > 0 {
                    if k & 1 == 1 { result = try apply("*", result, square) }
                    k >>= 1
                    if k > 0 { square = try apply("*", square, square) }
                }
                return n < 0 ? try apply("/", .number(.one), result) : result
            }
            if let b = base.rational {
                // Rational exponent p/q: exact when the base is a perfect q-th power.
                if let q = e.denominator.intValue, q <= 64, let root = MathsRoots.exactRoot(b, q) {
                    return try power(.number(root), .number(BigRational(e.numerator)))
                }
                if b.isNegative, !e.denominator.isEven {
                    if let magnitude = try power(.number(-b), exponent).double { return .real(-magnitude) }
                }
            }
        }
        return try approximatePower(base, exponent)
    }

    private static func approximatePower(_ base: MathsValue, _ exponent: MathsValue) throws(MathsError) -> MathsValue {
        guard let b = base.double, let e = exponent.double else {
            throw MathsError(.unsupported, "only whole-number powers of symbolic expressions are supported")
        }
        if b < 0 && e != e.rounded() { throw MathsError(.domain, "a negative number has no real root of that kind") }
        let result = Foundation.pow(b, e)
        if !result.isFinite { throw tooLargePower() }
        return .real(result)
    }

    private static func tooLargePower() -> MathsError {
        MathsError(.tooLarge, "the power is too large to compute exactly (results are limited to \(MathsValue.sizeLimitText))")
    }
}

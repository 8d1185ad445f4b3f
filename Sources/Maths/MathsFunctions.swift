import Foundation

/// The named functions. Exact where the result is rational (`sqrt(16/9)`, `round(2.5)`, `log10(1000)`),
/// Double otherwise. Like Wolfram Alpha: `log(x)` is the natural logarithm, `log(b, x)` is base b, and
/// trigonometric functions take radians (`sin(30 degrees)` or `sin(30°)` for degrees).
/// `round(x, n)` rounds to n decimal places, halves away from zero.
enum MathsFunctions {
    static func call(_ name: String, _ rawArguments: [MathsValue]) throws(MathsError) -> MathsValue {
        // `max((1, 2, 3))` and `sum([1, 2])` pass one list.
        var arguments = rawArguments
        if arguments.count == 1, case .list(let items) = arguments[0] { arguments = items }
        switch name {
        case "min", "max", "sum", "average", "mean", "avg", "gcd", "lcm":
            return try aggregate(name, arguments)
        case "log" where arguments.count == 2:
            guard let base = naturalLogarithm(arguments[0]), let x = naturalLogarithm(arguments[1]), base != 0 else {
                throw MathsError(.domain, "log(base, x) needs a positive base other than 1 and a positive x")
            }
            if let exact = try exactLogarithm(arguments[1], base: arguments[0]) { return exact }
            return try MathsValue.checked(.real(x / base))
        case "root" where arguments.count == 2:
            return try MathsArithmetic.power(arguments[0], MathsArithmetic.apply("/", .number(.one), arguments[1]))
        case "round" where arguments.count == 2:
            guard let x = arguments[0].rational, let places = arguments[1].rational?.numerator.intValue, places >= -100, places <= 100 else {
                throw MathsError(.unsupported, "round(x, n) needs a number and a whole number of decimal places")
            }
            let scale = BigRational(10).power(places)
            return .number(BigRational((x * scale).rounded) / scale)
        default:
            break
        }
        guard arguments.count == 1 else {
            throw MathsError(.syntax, "\(name) takes one argument, not \(arguments.count)")
        }
        let x = arguments[0]
        if let exact = try exactCall(name, x) { return exact }
        guard let value = x.double else {
            throw MathsError(.unsupported, "\(name) of a symbolic expression is not supported")
        }
        let result: Double
        switch name {
        case "sqrt":
            guard value >= 0 else { throw MathsError(.domain, "the square root of a negative number is not real") }
            result = value.squareRoot()
        case "cbrt": result = Foundation.cbrt(value)
        case "log", "ln", "log10", "log2":
            guard let ln = naturalLogarithm(x) else { throw MathsError(.domain, "the logarithm of zero or a negative number is not real") }
            result = name == "log10" ? ln / Foundation.log(10) : name == "log2" ? ln / Foundation.log(2) : ln
        case "exp": result = Foundation.exp(value)
        case "sin": result = Foundation.sin(value)
        case "cos": result = Foundation.cos(value)
        case "tan": result = Foundation.tan(value)
        case "asin", "arcsin", "acos", "arccos":
            guard abs(value) <= 1 else { throw MathsError(.domain, "\(name) needs a value between -1 and 1") }
            result = name.hasSuffix("sin") ? Foundation.asin(value) : Foundation.acos(value)
        case "atan", "arctan": result = Foundation.atan(value)
        case "abs": result = abs(value)
        case "floor": result = value.rounded(.down)
        case "ceil", "ceiling": result = value.rounded(.up)
        case "round": result = value.rounded(.toNearestOrAwayFromZero)
        default: throw MathsError(.syntax, "\(name) needs different arguments")
        }
        return try MathsValue.checked(.real(result))
    }

    /// Rational results of one-argument functions on exact input, nil when the result is irrational.
    private static func exactCall(_ name: String, _ x: MathsValue) throws(MathsError) -> MathsValue? {
        guard let r = x.rational else { return nil }
        switch name {
        case "sqrt", "cbrt":
            if name == "sqrt" && r.isNegative { throw MathsError(.domain, "the square root of a negative number is not real") }
            return MathsRoots.exactRoot(r, name == "sqrt" ? 2 : 3).map { .number($0) }
        case "abs": return .number(r.isNegative ? -r : r)
        case "floor": return .number(BigRational(r.floor))
        case "ceil", "ceiling": return .number(BigRational(r.ceiling))
        case "round": return .number(BigRational(r.rounded))
        case "factorial": return try factorial(r)
        case "log10": return try exactLogarithm(x, base: .number(BigRational(10)))
        case "log2": return try exactLogarithm(x, base: .number(BigRational(2)))
        case "sin", "tan", "asin", "arcsin", "atan", "arctan":
            return r.isZero ? .number(.zero) : nil
        case "cos", "exp", "ln", "log":
            if (name == "cos" || name == "exp") && r.isZero { return .number(.one) }
            if (name == "ln" || name == "log") && r == .one { return .number(.zero) }
            return nil
        default: return nil
        }
    }

    /// An integer logarithm when `x` is an exact power of an integer `base` (log10(1000) = 3, log2(1/8) = −3).
    private static func exactLogarithm(_ x: MathsValue, base: MathsValue) throws(MathsError) -> MathsValue? {
        guard let r = x.rational, let b = base.rational, b.isInteger, b > .one, !r.isNegative, !r.isZero else { return nil }
        guard let lnR = naturalLogarithm(x), let lnB = naturalLogarithm(base) else { return nil }
        let estimate = (lnR / lnB).rounded()
        guard estimate.isFinite, abs(estimate) < 100_000 else { return nil }
        let k = Int(estimate)
        return b.power(k) == r ? .number(BigRational(k)) : nil
    }

    /// ln(x) for positive x, also for exact numbers far outside Double's range (from the top bits and the bit length);
    /// nil when x is not positive.
    static func naturalLogarithm(_ x: MathsValue) -> Double? {
        if let r = x.rational {
            guard !r.isNegative, !r.isZero else { return nil }
            return logarithm(r.numerator) - logarithm(r.denominator)
        }
        guard let value = x.double, value > 0 else { return nil }
        return Foundation.log(value)
    }

    private static func logarithm(_ n: BigInt) -> Double {
        let shift = max(0, n.bitWidth - 64)
        let top = shift == 0 ? n.doubleValue : (n / BigInt(2).power(shift)).doubleValue
        return Foundation.log(top) + Double(shift) * Foundation.log(2)
    }

    static func factorial(_ r: BigRational) throws(MathsError) -> MathsValue {
        guard r.isInteger, !r.isNegative, let n = r.numerator.intValue else {
            throw MathsError(.domain, "factorial needs a whole number that is not negative")
        }
        guard n <= 1_000 else { throw MathsError(.tooLarge, "factorial of \(n) is too large (at most 1000!)") }
        // Factors are packed into one machine word before each big multiplication, a third of the
        // big-number work (fuzzing found lines of large factorials tying up a worker).
        var product = BigInt.one
        var packed: UInt64 = 1
        if n >= 2 {
            for k in 2...n {
                if packed > UInt64(UInt32.max) / UInt64(k) {
                    product = product * BigInt(Int(packed))
                    packed = 1
                }
                packed *= UInt64(k)
            }
        }
        product = product * BigInt(Int(packed))
        return .number(BigRational(product))
    }

    private static func aggregate(_ name: String, _ arguments: [MathsValue]) throws(MathsError) -> MathsValue {
        guard !arguments.isEmpty else { throw MathsError(.syntax, "\(name) needs at least one argument") }
        switch name {
        case "sum", "average", "mean", "avg":
            var total = MathsValue.number(.zero)
            for argument in arguments { total = try MathsArithmetic.apply("+", total, argument) }
            return name == "sum" ? total : try MathsArithmetic.apply("/", total, .number(BigRational(arguments.count)))
        case "gcd", "lcm":
            var result: BigInt? = nil
            for argument in arguments {
                guard let r = argument.rational, r.isInteger else { throw MathsError(.domain, "\(name) needs whole numbers") }
                guard let previous = result else { result = r.numerator.magnitude; continue }
                if name == "gcd" {
                    result = BigInt.gcd(previous, r.numerator)
                } else {
                    let g = BigInt.gcd(previous, r.numerator)
                    result = g.isZero ? .zero : previous / g * r.numerator.magnitude
                }
            }
            return .number(BigRational(result!))
        default:
            var best = arguments[0]
            for argument in arguments.dropFirst() {
                guard let a = argument.double, let b = best.double else {
                    throw MathsError(.unsupported, "\(name) needs numbers")
                }
                if name == "min" ? lessThan(argument, best, a, b) : lessThan(best, argument, b, a) { best = argument }
            }
            guard best.double != nil else { throw MathsError(.unsupported, "\(name) needs numbers") }
            return best
        }
    }

    private static func lessThan(_ x: MathsValue, _ y: MathsValue, _ dx: Double, _ dy: Double) -> Bool {
        if let rx = x.rational, let ry = y.rational { return rx < ry }
        return dx < dy
    }
}

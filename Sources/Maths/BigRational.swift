/// An exact rational number in lowest terms with a positive denominator.
///
/// Values whose numerator and denominator fit in an `Int` are stored inline and computed with overflow-checked
/// machine arithmetic; only results that overflow move to `BigInt`. Nearly every number a word problem meets is
/// small, so this keeps evaluation allocation-free in the common case.
public struct BigRational: Sendable, Hashable, Comparable, CustomStringConvertible {
    private enum Storage: Sendable, Hashable {
        /// Lowest terms, denominator > 0, neither part `Int.min` (so negation and `abs` never trap).
        case small(Int, Int)
        /// Lowest terms, denominator > 0, at least one part outside the small range.
        case big(BigInt, BigInt)
    }

    private let storage: Storage

    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): BigInt(n)
        case .big(let n, _): n
        }
    }

    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): BigInt(d)
        case .big(_, let d): d
        }
    }

    /// `numerator / denominator`, reduced. The denominator must not be zero.
    public init(_ numerator: BigInt, _ denominator: BigInt = .one) {
        precondition(!denominator.isZero, "BigRational with zero denominator")
        var n = numerator
        var d = denominator
        if !(d == .one || n.isZero) {
            let divisor = BigInt.gcd(n, d)
            let sign = d.isNegative ? BigInt(-1) : .one
            n = n / divisor * sign
            d = d / divisor * sign
        }
        if n.isZero { d = .one }
        if let smallN = n.intValue, let smallD = d.intValue, smallN != .min {
            storage = .small(smallN, smallD)
        } else {
            storage = .big(n, d)
        }
    }

    /// From machine integers, reducing with machine gcd.
    private init(small n: Int, _ d: Int) {
        var g = n.magnitude
        var h = d.magnitude
        while h != 0 { (g, h) = (h, g % h) }
        var reducedN = n / Int(g)
        var reducedD = d / Int(g)
        if reducedD < 0 { reducedN = -reducedN; reducedD = -reducedD }
        storage = reducedN == 0 ? .small(0, 1) : .small(reducedN, reducedD)
    }

    private var smallParts: (Int, Int)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    public init(_ value: Int) {
        if value == .min { self.init(BigInt(value)) } else { self.init(storage: .small(value, 1)) }
    }

    /// Exact value of a decimal literal such as `12.50`, `.5` or `1e3` (digits, optional point, optional exponent).
    public init?(decimal text: String) {
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...]), value >= -400, value <= 400 else { return nil }
            exponent = value
            mantissa = String(text[..<e])
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), let digits = BigInt(whole + fraction) else { return nil }
        exponent -= fraction.count
        let scale = BigInt(10).power(abs(exponent))
        self = exponent >= 0 ? BigRational(digits * scale) : BigRational(digits, scale)
    }

    public static let zero = BigRational(0)
    public static let one = BigRational(1)

    public var isInteger: Bool {
        if let (_, d) = smallParts { return d == 1 }
        return denominator == .one
    }
    public var isZero: Bool { smallParts?.0 == 0 }
    public var isNegative: Bool {
        if let (n, _) = smallParts { return n < 0 }
        return numerator.isNegative
    }
    public var doubleValue: Double {
        if let (n, d) = smallParts { return Double(n) / Double(d) }
        let n = numerator.doubleValue
        let d = denominator.doubleValue
        if n.isFinite && d.isFinite { return n / d }
        // Both huge: scale down by the same power of two first so the quotient survives.
        let shift = max(numerator.bitWidth, denominator.bitWidth) - 1000
        let scale = BigInt(2).power(max(shift, 0))
        return (numerator / scale).doubleValue / (denominator / scale).doubleValue
    }

    /// Exact value of a finite Double (every finite Double is a dyadic rational).
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9e15 { self.init(Int(value)); return }
        let exponent = Int(value.exponent) - 52
        let significand = Int(value.significandBitPattern | (1 << 52)) * (value < 0 ? -1 : 1)
        let scale = BigInt(2).power(abs(exponent))
        self = exponent >= 0 ? BigRational(BigInt(significand) * scale) : BigRational(BigInt(significand), scale)
    }

    public var description: String {
        if let (n, d) = smallParts { return d == 1 ? String(n) : "\(n)/\(d)" }
        return isInteger ? numerator.description : "\(numerator)/\(denominator)"
    }

    public static prefix func - (value: BigRational) -> BigRational {
        if let (n, d) = value.smallParts { return BigRational(storage: .small(-n, d)) }
        return BigRational(-value.numerator, value.denominator)
    }

    private init(storage: Storage) { self.storage = storage }

    public static func + (lhs: BigRational, rhs: BigRational) -> BigRational {
        if let (a, b) = lhs.smallParts, let (c, d) = rhs.smallParts {
            if b == 1 && d == 1 {
                let (sum, overflow) = a.addingReportingOverflow(c)
                if !overflow && sum != .min { return BigRational(storage: .small(sum, 1)) }
            } else {
                let (ad, o1) = a.multipliedReportingOverflow(by: d)
                let (cb, o2) = c.multipliedReportingOverflow(by: b)
                let (bd, o3) = b.multipliedReportingOverflow(by: d)
                let (sum, o4) = ad.addingReportingOverflow(cb)
                if !(o1 || o2 || o3 || o4) && sum != .min { return BigRational(small: sum, bd) }
            }
        }
        if lhs.denominator == rhs.denominator { return BigRational(lhs.numerator + rhs.numerator, lhs.denominator) }
        return BigRational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }
    public static func - (lhs: BigRational, rhs: BigRational) -> BigRational { lhs + (-rhs) }
    public static func * (lhs: BigRational, rhs: BigRational) -> BigRational {
        if let (a, b) = lhs.smallParts, let (c, d) = rhs.smallParts {
            let (ac, o1) = a.multipliedReportingOverflow(by: c)
            let (bd, o2) = b.multipliedReportingOverflow(by: d)
            if !(o1 || o2) && ac != .min {
                return b == 1 && d == 1 ? BigRational(storage: .small(ac, 1)) : BigRational(small: ac, bd)
            }
        }
        return BigRational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }
    /// The divisor must not be zero.
    public static func / (lhs: BigRational, rhs: BigRational) -> BigRational {
        if let (a, b) = lhs.smallParts, let (c, d) = rhs.smallParts {
            precondition(c != 0, "BigRational division by zero")
            let (ad, o1) = a.multipliedReportingOverflow(by: d)
            let (bc, o2) = b.multipliedReportingOverflow(by: c)
            if !(o1 || o2) && ad != .min && bc != .min { return BigRational(small: ad, bc) }
        }
        return BigRational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }
    public static func < (lhs: BigRational, rhs: BigRational) -> Bool {
        if let (a, b) = lhs.smallParts, let (c, d) = rhs.smallParts {
            let (ad, o1) = a.multipliedReportingOverflow(by: d)
            let (cb, o2) = c.multipliedReportingOverflow(by: b)
            if !(o1 || o2) { return ad < cb }
        }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// Integer power; negative exponents invert (the base must then be non-zero).
    public func power(_ exponent: Int) -> BigRational {
        let positive = BigRational(numerator.power(abs(exponent)), denominator.power(abs(exponent)))
        return exponent >= 0 ? positive : BigRational.one / positive
    }

    /// Largest integer ≤ self.
    public var floor: BigInt {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return r.isNegative ? q - .one : q
    }
    public var ceiling: BigInt { -(-self).floor }
    /// Nearest integer, halves away from zero (what people and Wolfram Alpha mean by "round").
    public var rounded: BigInt {
        let half = BigRational(BigInt(1), BigInt(2))
        return isNegative ? -((-self) + half).floor : (self + half).floor
    }
}

/// An exact rational number in lowest terms with a positive denominator.
public struct BigRational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: BigInt
    public let denominator: BigInt

    /// `numerator / denominator`, reduced. The denominator must not be zero.
    public init(_ numerator: BigInt, _ denominator: BigInt = .one) {
        precondition(!denominator.isZero, "BigRational with zero denominator")
        if denominator == .one || numerator.isZero {
            self.numerator = numerator
            self.denominator = numerator.isZero ? .one : denominator
            return
        }
        let divisor = BigInt.gcd(numerator, denominator)
        let sign = denominator.isNegative ? BigInt(-1) : .one
        self.numerator = numerator / divisor * sign
        self.denominator = denominator / divisor * sign
    }

    public init(_ value: Int) { self.init(BigInt(value)) }

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

    public var isInteger: Bool { denominator == .one }
    public var isZero: Bool { numerator.isZero }
    public var isNegative: Bool { numerator.isNegative }
    public var doubleValue: Double {
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

    public var description: String { isInteger ? numerator.description : "\(numerator)/\(denominator)" }

    public static prefix func - (value: BigRational) -> BigRational { BigRational(-value.numerator, value.denominator) }
    public static func + (lhs: BigRational, rhs: BigRational) -> BigRational {
        if lhs.denominator == rhs.denominator { return BigRational(lhs.numerator + rhs.numerator, lhs.denominator) }
        return BigRational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }
    public static func - (lhs: BigRational, rhs: BigRational) -> BigRational { lhs + (-rhs) }
    public static func * (lhs: BigRational, rhs: BigRational) -> BigRational {
        BigRational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }
    /// The divisor must not be zero.
    public static func / (lhs: BigRational, rhs: BigRational) -> BigRational {
        BigRational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }
    public static func < (lhs: BigRational, rhs: BigRational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
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

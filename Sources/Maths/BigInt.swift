/// A small arbitrary-precision signed integer: sign and magnitude, 32-bit limbs, little-endian.
///
/// Own implementation instead of a package: the maths engine needs only +, −, ×, divmod, gcd,
/// powers and decimal text, and a dependency would cost build time on every machine.
/// Sizes are not limited here; the evaluator refuses results that grow too large before they are built.
public struct BigInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// True for negative values; zero is never negative.
    public private(set) var isNegative: Bool
    /// Limbs, least significant first, without trailing zero limbs (zero is `[]`).
    private(set) var limbs: [UInt32]

    init(isNegative: Bool, limbs: [UInt32]) {
        var trimmed = limbs
        while let last = trimmed.last, last == 0 { trimmed.removeLast() }
        self.limbs = trimmed
        self.isNegative = trimmed.isEmpty ? false : isNegative
    }

    public init(_ value: Int) {
        let magnitude = value.magnitude
        self.init(isNegative: value < 0, limbs: [UInt32(truncatingIfNeeded: magnitude), UInt32(truncatingIfNeeded: magnitude >> 32)])
    }

    /// Parses optional sign and decimal digits; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "-" || first == "+" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var limbs: [UInt32] = []
        var chunkStart = digits.startIndex
        // Nine decimal digits at a time fit one limb multiply-add.
        let firstChunk = digits.count % 9 == 0 ? 9 : digits.count % 9
        var chunkEnd = digits.index(chunkStart, offsetBy: firstChunk)
        while chunkStart < digits.endIndex {
            let chunk = UInt32(digits[chunkStart..<chunkEnd])!
            let scale: UInt32 = chunkStart == digits.startIndex ? 1 : 1_000_000_000
            BigInt.multiplyAdd(&limbs, scale, chunk)
            chunkStart = chunkEnd
            chunkEnd = digits.index(chunkStart, offsetBy: 9, limitedBy: digits.endIndex) ?? digits.endIndex
        }
        self.init(isNegative: negative, limbs: limbs)
    }

    public static let zero = BigInt(0)
    public static let one = BigInt(1)

    public var isZero: Bool { limbs.isEmpty }
    public var signum: Int { isZero ? 0 : (isNegative ? -1 : 1) }
    public var magnitude: BigInt { BigInt(isNegative: false, limbs: limbs) }
    public var isEven: Bool { limbs.isEmpty || limbs[0] & 1 == 0 }
    /// Number of significant bits of the magnitude.
    public var bitWidth: Int { limbs.isEmpty ? 0 : limbs.count * 32 - limbs.last!.leadingZeroBitCount }

    /// The value as an Int when it fits.
    public var intValue: Int? {
        guard limbs.count <= 2 else { return nil }
        var magnitude: UInt64 = 0
        for (index, limb) in limbs.enumerated() { magnitude |= UInt64(limb) << (32 * UInt64(index)) }
        if isNegative {
            return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// Nearest Double (±infinity when out of range).
    public var doubleValue: Double {
        var result = 0.0
        for limb in limbs.reversed() { result = result * 4_294_967_296.0 + Double(limb) }
        return isNegative ? -result : result
    }

    public var description: String {
        if limbs.isEmpty { return "0" }
        var chunks: [UInt32] = []
        var rest = limbs
        while !rest.isEmpty { chunks.append(BigInt.divideSmall(&rest, 1_000_000_000)) }
        var text = isNegative ? "-" : ""
        text += String(chunks.last!)
        for chunk in chunks.dropLast().reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    // MARK: Arithmetic

    public static prefix func - (value: BigInt) -> BigInt { BigInt(isNegative: !value.isNegative, limbs: value.limbs) }

    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        if lhs.isNegative == rhs.isNegative { return BigInt(isNegative: lhs.isNegative, limbs: addMagnitudes(lhs.limbs, rhs.limbs)) }
        if compareMagnitudes(lhs.limbs, rhs.limbs) >= 0 {
            return BigInt(isNegative: lhs.isNegative, limbs: subtractMagnitudes(lhs.limbs, rhs.limbs))
        }
        return BigInt(isNegative: rhs.isNegative, limbs: subtractMagnitudes(rhs.limbs, lhs.limbs))
    }

    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt { lhs + (-rhs) }

    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        if lhs.isZero || rhs.isZero { return .zero }
        // The long operand in the inner loop: a big number times a small one is one tight pass.
        if lhs.limbs.count > rhs.limbs.count { return rhs * lhs }
        var product = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, a) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in rhs.limbs.enumerated() {
                let t = UInt64(a) * UInt64(b) + UInt64(product[i + j]) + carry
                product[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            product[i + rhs.limbs.count] = UInt32(carry)
        }
        return BigInt(isNegative: lhs.isNegative != rhs.isNegative, limbs: product)
    }

    /// Truncating division (quotient rounds toward zero, remainder has the dividend's sign).
    /// The divisor must not be zero.
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "BigInt division by zero")
        let (q, r) = BigInt.divideMagnitudes(limbs, divisor.limbs)
        return (BigInt(isNegative: isNegative != divisor.isNegative, limbs: q), BigInt(isNegative: isNegative, limbs: r))
    }

    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt { lhs.quotientAndRemainder(dividingBy: rhs).quotient }
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt { lhs.quotientAndRemainder(dividingBy: rhs).remainder }

    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        var x = a.magnitude
        var y = b.magnitude
        while !y.isZero { (x, y) = (y, x % y) }
        return x
    }

    /// `self` raised to a non-negative exponent by repeated squaring.
    public func power(_ exponent: Int) -> BigInt {
        var result = BigInt.one
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let order = compareMagnitudes(lhs.limbs, rhs.limbs)
        return lhs.isNegative ? order > 0 : order < 0
    }

    // MARK: Magnitude helpers

    private static func multiplyAdd(_ limbs: inout [UInt32], _ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for index in limbs.indices {
            let t = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    /// Divides `limbs` in place by a one-limb divisor and returns the remainder.
    private static func divideSmall(_ limbs: inout [UInt32], _ divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let t = (remainder << 32) | UInt64(limbs[index])
            limbs[index] = UInt32(t / UInt64(divisor))
            remainder = t % UInt64(divisor)
        }
        while let last = limbs.last, last == 0 { limbs.removeLast() }
        return UInt32(remainder)
    }

    private static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for index in a.indices.reversed() where a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        var sum = [UInt32]()
        sum.reserveCapacity(long.count + 1)
        var carry: UInt64 = 0
        for index in long.indices {
            let t = UInt64(long[index]) + (index < short.count ? UInt64(short[index]) : 0) + carry
            sum.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        if carry > 0 { sum.append(UInt32(carry)) }
        return sum
    }

    /// `a − b` for `a ≥ b`.
    private static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var difference = a
        var borrow: Int64 = 0
        for index in difference.indices {
            var t = Int64(difference[index]) - borrow - (index < b.count ? Int64(b[index]) : 0)
            borrow = 0
            if t < 0 { t += 1 << 32; borrow = 1 }
            difference[index] = UInt32(t)
        }
        while let last = difference.last, last == 0 { difference.removeLast() }
        return difference
    }

    /// Knuth's algorithm D (TAOCP 4.3.1) on 32-bit limbs.
    private static func divideMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> ([UInt32], [UInt32]) {
        if compareMagnitudes(a, b) < 0 { return ([], a) }
        if b.count == 1 {
            var quotient = a
            let remainder = divideSmall(&quotient, b[0])
            return (quotient, remainder == 0 ? [] : [remainder])
        }
        let shift = b.last!.leadingZeroBitCount
        let v = shiftLeft(b, shift)
        var u = shiftLeft(a, shift)
        if u.count == a.count { u.append(0) }
        let n = v.count
        let m = u.count - n
        var q = [UInt32](repeating: 0, count: m)
        let vTop = UInt64(v[n - 1])
        let vNext = UInt64(v[n - 2])
        for j in stride(from: m - 1, through: 0, by: -1) {
            let numerator = (UInt64(u[j + n]) << 32) | UInt64(u[j + n - 1])
            var qhat = numerator / vTop
            var rhat = numerator % vTop
            while qhat > 0xFFFF_FFFF || qhat * vNext > ((rhat << 32) | UInt64(u[j + n - 2])) {
                qhat -= 1
                rhat += vTop
                if rhat > 0xFFFF_FFFF { break }
            }
            // Multiply and subtract qhat·v from u[j...j+n].
            var borrow: Int64 = 0
            var carry: UInt64 = 0
            for i in 0..<n {
                let product = qhat * UInt64(v[i]) + carry
                carry = product >> 32
                let t = Int64(u[i + j]) - borrow - Int64(product & 0xFFFF_FFFF)
                u[i + j] = UInt32(truncatingIfNeeded: t)
                borrow = t < 0 ? 1 : 0
            }
            let t = Int64(u[j + n]) - borrow - Int64(carry)
            u[j + n] = UInt32(truncatingIfNeeded: t)
            if t < 0 {
                // qhat was one too large: add v back.
                qhat -= 1
                var addCarry: UInt64 = 0
                for i in 0..<n {
                    let s = UInt64(u[i + j]) + UInt64(v[i]) + addCarry
                    u[i + j] = UInt32(truncatingIfNeeded: s)
                    addCarry = s >> 32
                }
                u[j + n] = UInt32(truncatingIfNeeded: UInt64(u[j + n]) + addCarry)
            }
            q[j] = UInt32(qhat)
        }
        var remainder = shiftRight(Array(u[0..<n]), shift)
        while let last = remainder.last, last == 0 { remainder.removeLast() }
        while let last = q.last, last == 0 { q.removeLast() }
        return (q, remainder)
    }

    private static func shiftLeft(_ limbs: [UInt32], _ shift: Int) -> [UInt32] {
        guard shift > 0 else { return limbs }
        var result = [UInt32]()
        result.reserveCapacity(limbs.count + 1)
        var carry: UInt32 = 0
        for limb in limbs {
            result.append((limb << UInt32(shift)) | carry)
            carry = limb >> UInt32(32 - shift)
        }
        if carry > 0 { result.append(carry) }
        return result
    }

    private static func shiftRight(_ limbs: [UInt32], _ shift: Int) -> [UInt32] {
        guard shift > 0 else { return limbs }
        var result = limbs
        for index in result.indices {
            let high = index + 1 < limbs.count ? limbs[index + 1] << UInt32(32 - shift) : 0
            result[index] = (limbs[index] >> UInt32(shift)) | high
        }
        return result
    }
}

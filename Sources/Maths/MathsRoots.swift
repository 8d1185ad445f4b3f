/// Exact integer roots, and square-root simplification for printing quadratic roots.
enum MathsRoots {
    /// ⌊ⁿ√value⌋ for value ≥ 0, by Newton's method on integers.
    static func integerRoot(_ value: BigInt, _ n: Int) -> BigInt {
        if value.isZero || value == .one || n == 1 { return value }
        // Start above the root: 2^(⌈bits/n⌉).
        var x = BigInt(2).power((value.bitWidth + n - 1) / n)
        let nBig = BigInt(n)
        while true {
            let next = (BigInt(n - 1) * x + value / x.power(n - 1)) / nBig
            if next >= x { return x }
            x = next
        }
    }

    /// Roots of larger numbers are not searched for exactly (the Double fallback handles them or reports the overflow).
    static let maximumRootBits = 4_096

    /// The exact n-th root of a rational when there is one (odd roots of negatives included).
    static func exactRoot(_ value: BigRational, _ n: Int) -> BigRational? {
        guard max(value.numerator.bitWidth, value.denominator.bitWidth) <= maximumRootBits else { return nil }
        if value.isNegative {
            guard n % 2 == 1, let root = exactRoot(-value, n) else { return nil }
            return -root
        }
        let a = integerRoot(value.numerator, n)
        let b = integerRoot(value.denominator, n)
        guard a.power(n) == value.numerator, b.power(n) == value.denominator else { return nil }
        return BigRational(a, b)
    }

    /// Writes √value as `coefficient · √radicand` with a square-free-ish integer radicand
    /// (square factors of primes below 1000 are taken out; that is enough for readable output).
    static func simplifiedSquareRoot(_ value: BigRational) -> (coefficient: BigRational, radicand: BigInt) {
        // √(p/q) = √(p·q)/q
        var radicand = value.numerator * value.denominator
        var outside = BigInt.one
        var prime = 2
        while prime < 1000 {
            let square = BigInt(prime * prime)
            while (radicand % square).isZero {
                radicand = radicand / square
                outside = outside * BigInt(prime)
            }
            prime += prime == 2 ? 1 : 2
        }
        let root = integerRoot(radicand, 2)
        if root * root == radicand {
            outside = outside * root
            radicand = .one
        }
        return (BigRational(outside, value.denominator), radicand)
    }
}

/// Rational roots of polynomials of degree three and more (the rational root theorem), so that a cubic such as
/// `x^3 - 6x^2 + 11x - 6 = 0` deflates to a quadratic the quadratic formula finishes.
enum RationalRoots {
    /// Candidate searches beyond this many `p/q` pairs are skipped (the equation is then reported unsupported).
    static let maximumCandidates = 20_000
    /// Candidates times degree: each candidate costs one pass over the coefficients (fuzzing found a
    /// degree-60 equation whose 20,000 candidates ran for minutes).
    static let maximumWork = 200_000

    /// The rational roots found (each once) and the remaining factor's coefficients, lowest power first.
    static func extract(_ coefficients: [BigRational]) -> (roots: [BigRational], rest: [BigRational]) {
        var rest = coefficients
        var roots: [BigRational] = []
        while rest.count > 3, let root = findRoot(rest) {
            if !roots.contains(root) { roots.append(root) }
            rest = deflate(rest, by: root)
        }
        return (roots, rest)
    }

    private static func findRoot(_ coefficients: [BigRational]) -> BigRational? {
        if coefficients[0].isZero { return .zero }
        // Integer coefficients: multiply by the product of the denominators' lcm.
        var scale = BigInt.one
        for c in coefficients {
            let g = BigInt.gcd(scale, c.denominator)
            scale = scale / g * c.denominator
        }
        let integers = coefficients.map { ($0 * BigRational(scale)).numerator }
        guard let constant = integers.first?.magnitude.intValue, let leading = integers.last?.magnitude.intValue,
              constant <= 1_000_000_000, leading <= 1_000_000_000 else { return nil }
        let ps = divisors(constant)
        let qs = divisors(leading)
        guard ps.count * qs.count <= maximumCandidates, ps.count * qs.count * integers.count <= maximumWork else { return nil }
        for p in ps {
            for q in qs {
                for sign in [1, -1] where isRoot(integers, p: BigInt(sign * p), q: BigInt(q)) {
                    return BigRational(BigInt(sign * p), BigInt(q))
                }
            }
        }
        return nil
    }

    /// Whether `q^n · f(p/q)`, that is `Σ a_k p^k q^(n−k)`, is zero: whole-number arithmetic only,
    /// without the gcd a rational evaluation takes at every step.
    private static func isRoot(_ integers: [BigInt], p: BigInt, q: BigInt) -> Bool {
        var total = BigInt.zero
        var qPower = BigInt.one
        for a in integers.reversed() {
            total = total * p + a * qPower
            qPower = qPower * q
        }
        return total.isZero
    }

    private static func divisors(_ n: Int) -> [Int] {
        var small: [Int] = []
        var large: [Int] = []
        var d = 1
        while d * d <= n {
            if n % d == 0 {
                small.append(d)
                if d * d != n { large.append(n / d) }
            }
            d += 1
        }
        return small + large.reversed()
    }

    /// Divides by `(x − root)` (synthetic division); the remainder is zero by construction.
    private static func deflate(_ coefficients: [BigRational], by root: BigRational) -> [BigRational] {
        var quotient = [BigRational](repeating: .zero, count: coefficients.count - 1)
        var carry = BigRational.zero
        for k in stride(from: coefficients.count - 1, through: 1, by: -1) {
            carry = carry * root + coefficients[k]
            quotient[k - 1] = carry
        }
        return quotient
    }
}

import Testing
import TestSupport
@testable import Maths

/// BigInt and BigRational: the arithmetic every other maths result rests on.
@Suite struct MathsBigIntTests {
    static func random(limbs: Int, using generator: inout MathsFuzzTests.Generator) -> BigInt {
        var digits = String(Int.random(in: 1...9, using: &generator))
        for _ in 0..<(limbs * 9) { digits += String(Int.random(in: 0...9, using: &generator)) }
        return BigInt(Bool.random(using: &generator) ? "-" + digits : digits)!
    }

    @Test func decimalTextRoundTrips() {
        for text in ["0", "1", "-1", "4294967295", "4294967296", "18446744073709551616", "-123456789012345678901234567890"] {
            #expect(BigInt(text)?.description == text)
        }
        #expect(BigInt("+42")?.description == "42")
        #expect(BigInt("-0")?.description == "0")
        #expect(BigInt("12a") == nil)
        #expect(BigInt("") == nil)
    }

    @Test func divisionInvertsMultiplicationOnRandomBigNumbers() {
        var generator = MathsFuzzTests.Generator(state: 1)
        for round in 0..<400 {
            let a = Self.random(limbs: 1 + round % 7, using: &generator)
            let b = Self.random(limbs: 1 + (round / 7) % 5, using: &generator)
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(q * b + r == a, "\(a) / \(b)")
            #expect(r.magnitude < b.magnitude, "\(a) % \(b)")
            #expect(r.isZero || r.isNegative == a.isNegative)
            #expect((a * b) / b == a)
            #expect(a + b - b == a)
            #expect(BigInt(a.description) == a)
        }
    }

    /// Cases where Knuth's estimated quotient digit is one too large and the divisor is added back
    /// (found by simulating algorithm D; quotients and remainders from Python).
    @Test(arguments: [
        ("3138550867693340382088035895103916521058443938814949596076", "79228162514264337602133884927",
         "39614081257132168794624491521", "36893488133248392109"),
        ("6277101735386680763665648239826425346866485734272279773183", "18446744078004518913",
         "340282366841710300939886897812106903549", "6442450946"),
        ("6277101735386680763495507056286727952657427581101801679340", "158456325028528675184940417024",
         "39614081257132168795161362432", "14987979555714836972"),
        ("170141183460469231731687303715884105728", "18446744073709551617", "9223372036854775807", "9223372036854775809"),
    ])
    func divisionCorrectsOverestimatedQuotientDigits(a: String, b: String, q: String, r: String) {
        let (quotient, remainder) = BigInt(a)!.quotientAndRemainder(dividingBy: BigInt(b)!)
        #expect(quotient.description == q)
        #expect(remainder.description == r)
    }

    @Test func knownLargeValues() {
        let a = BigInt("340282366920938463463374607431768211456")!  // 2^128
        #expect(BigInt(2).power(128) == a)
        #expect(a / BigInt("18446744073709551616")! == BigInt("18446744073709551616")!)
        #expect((a - .one) % BigInt(97) == BigInt("340282366920938463463374607431768211455")! % BigInt(97))
        #expect(BigInt.gcd(BigInt(2).power(100), BigInt(6).power(50)) == BigInt(2).power(50))
        #expect(BigInt(-7) / BigInt(2) == BigInt(-3))
        #expect(BigInt(-7) % BigInt(2) == BigInt(-1))
        #expect(BigInt(Int.min).description == "-9223372036854775808")
        #expect(BigInt(Int.min).intValue == Int.min)
        #expect((BigInt(Int.max) + .one).intValue == nil)
    }

    @Test func rationalsStayInLowestTermsAcrossTheMachineIntegerBoundary() {
        let big = BigRational(Int.max)
        #expect((big + .one - .one) == big)
        #expect((big * big / big) == big)
        #expect(BigRational(BigInt(6), BigInt(-4)).description == "-3/2")
        #expect(BigRational(decimal: "0.1")! + BigRational(decimal: "0.2")! == BigRational(decimal: "0.3")!)
        #expect(BigRational(decimal: "1.5e3") == BigRational(1500))
        #expect(BigRational(decimal: "2.5e-1") == BigRational(BigInt(1), BigInt(4)))
        #expect(BigRational(BigInt(-7), BigInt(2)).floor == BigInt(-4))
        #expect(BigRational(BigInt(-7), BigInt(2)).ceiling == BigInt(-3))
        #expect(BigRational(BigInt(7), BigInt(2)).rounded == BigInt(4))
        #expect(BigRational(Int.min) < BigRational(Int.min + 1))
        #expect(-BigRational(Int.min) == BigRational(BigInt(Int.min).magnitude))
    }
}

import Testing
@testable import Maths

/// Calculator: exact arithmetic and result formatting.
@Suite struct MathsCalculatorTests {
    let toolbox = MathsToolbox()

    func calc(_ text: String) throws -> String { try toolbox.run(tool: "Calculator", argument: text) }

    @Test(arguments: [
        ("28 * 1/7", "4"),
        ("16-3-4", "9"),
        ("0.1 + 0.2", "0.3"),
        ("48/5", "9.6"),
        ("10/3", "10/3"),
        ("-10/4", "-2.5"),
        ("100-150", "-50"),
        ("+18", "18"),
        ("2*.25", "0.5"),
        ("36/36", "1"),
        ("2^10", "1024"),
        ("2**10", "1024"),
        ("-2^2", "-4"),
        ("2^3^2", "512"),
        ("2^-2", "0.25"),
        ("3(4+5)", "27"),
        ("(2)(3)", "6"),
        ("80,000+50,000", "130000"),
        ("$1,234.50 * 2", "2469"),
        ("5 dollars * 3", "15"),
        ("3 x 4", "12"),
        ("7 × 6 ÷ 3 − 1", "13"),
        ("1e3 + 1", "1001"),
        ("(1/3) * 3", "1"),
        ("7 mod 3", "1"),
        ("5!", "120"),
    ])
    func arithmeticIsExactAndIntegersPrintPlain(input: String, expected: String) throws {
        let result = try calc(input)
        #expect(result == expected)
    }

    @Test(arguments: [
        ("20%", "0.2"),
        ("20% of 50", "10"),
        ("25% * 36", "9"),
        ("50 + 20%", "60"),
        ("50 - 10%", "45"),
        ("20% + 30%", "0.5"),
        ("150% * 80000", "120000"),
    ])
    func percentagesFollowCalculatorConventions(input: String, expected: String) throws {
        let result = try calc(input)
        #expect(result == expected)
    }

    @Test(arguments: [
        ("sqrt(16)", "4"),
        ("sqrt(16/9)", "4/3"),
        ("sqrt 16 + 9", "13"),
        ("√25", "5"),
        ("cbrt(-27)", "-3"),
        ("root(32, 5)", "2"),
        ("8^(1/3)", "2"),
        ("4^(3/2)", "8"),
        ("sqrt(2)", "1.41421356237"),
        ("sqrt(2)^2", "2"),
        ("2^0.5", "1.41421356237"),
        ("abs(-3.5)", "3.5"),
        ("floor(7/2)", "3"),
        ("ceil(7/2)", "4"),
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(3.14159, 2)", "3.14"),
        ("min(3, 1/2, 2)", "0.5"),
        ("max(3, 7, 2)", "7"),
        ("average(2, 3, 7)", "4"),
        ("log10(1000)", "3"),
        ("log(2, 8)", "3"),
        ("ln(1)", "0"),
        ("exp(0)", "1"),
        ("exp(1)", "2.71828182846"),
        ("SQRT(9)", "3"),
        ("sin(pi)", "0"),
        ("cos(0)", "1"),
        ("sin(30 degrees)", "0.5"),
        ("pi", "3.14159265359"),
        ("gcd(12, 18)", "6"),
        ("lcm(4, 6)", "12"),
    ])
    func powersRootsAndFunctions(input: String, expected: String) throws {
        let result = try calc(input)
        #expect(result == expected)
    }

    @Test func bigNumbersStayExact() throws {
        #expect(try calc("2^100") == "1267650600228229401496703205376")
        #expect(try calc("2^100 - 2^100 + 1") == "1")
        #expect(try calc("123456789012345678901234567890 * 987654321098765432109876543210")
                == "121932631137021795226185032733622923332237463801111263526900")
        #expect(try calc("(10^30 + 1) / (10^30 + 1)") == "1")
        #expect(try calc("30!") == "265252859812191058636308480000000")
        #expect(try calc("1/2^20") == "0.00000095367431640625")
        // More than 30 decimal places: the exact fraction.
        #expect(try calc("1/2^40") == "1/1099511627776")
    }

    @Test(arguments: [
        ("(x+1)^2", "x^2 + 2x + 1"),
        ("(x - 1)(x + 1)", "x^2 - 1"),
        ("(a+b)^3", "a^3 + 3a^2 b + 3ab^2 + b^3"),
        ("2x + 3x - x", "4x"),
        ("x/2 + x/3", "5x/6"),
        ("0.5x + 1", "0.5x + 1"),
        ("x - x", "0"),
        ("xy + yx", "2xy"),
        ("(x^2 + x)/x", "x + 1"),
        ("1/x", "1/x"),
        ("(x^2 - 1)/(x - 1)", "x + 1"),
        ("(x^3 + 1)/(x + 1)", "x^2 - x + 1"),
        ("(x + 2)/(x + 1)", "(x + 2)/(x + 1)"),
        ("-x^2 + 2", "-x^2 + 2"),
    ])
    func polynomialsExpandToNormalForm(input: String, expected: String) throws {
        let result = try calc(input)
        #expect(result == expected)
    }

    @Test func equationsKeepTheirSidesAndDistributeOperations() throws {
        // The reference's `:(eq):` substitution for `R1 * 20` with R1 = "2p/5 = (p+600)/4".
        #expect(try calc(":(2p/5 = (p+600)/4): * 20") == "8p = 5p + 3000")
        #expect(try calc("(x + 1 = 3) + (x - 1 = 5)") == "2x = 8")
        #expect(try calc("5 > 3") == "True")
        #expect(try calc("2 + 2 = 5") == "False")
    }

    @Test func expressionsApplyToValuesInAlphabeticalOrder() throws {
        #expect(try calc("x-7y, where -9/8, -3/5") == "3.075")
        #expect(try calc("x-7y(-9/8, -3/5)") == "3.075")
        #expect(try calc("x + y, where y = 2, x = 3") == "5")
        #expect(try calc("max(3, 4)") == "4")
    }
}

/// How the Calculator reads the words and symbols that models write around numbers.
@Suite struct MathsCalculatorWordingTests {
    let toolbox = MathsToolbox()

    @Test(arguments: [
        ("half of 50", "25"),
        ("3 dozen", "36"),
        ("2 million + 1", "2000001"),
        ("twice 7", "14"),
        ("3x4", "12"),
        ("$2 per egg * 9 eggs", "18"),
        ("5 dollars per hour * 3 hours", "15"),
        ("12 divided by 4", "3"),
        ("7 times 6", "42"),
        ("10 minus 3 plus 1", "8"),
        ("4 squared", "16"),
        ("Expand (x+1)^2", "x^2 + 2x + 1"),
        ("Calculate: 2 + 2", "4"),
        ("[1 + 2] * {3}", "9"),
        ("2 ≤ 3", "True"),
        ("3½ * 2", "7"),
        ("¾ of 20", "15"),
    ])
    func wordsAndSymbolsAreRead(input: String, expected: String) throws {
        let result = try toolbox.run(tool: "Calculator", argument: input)
        #expect(result == expected)
    }

    @Test func variablesKeepTheirCase() throws {
        #expect(try toolbox.run(tool: "Calculator", argument: "2A + A") == "3A")
    }

    @Test func unsubstitutedActionVariablesAreRefused() {
        #expect {
            try toolbox.run(tool: "Calculator", argument: "R12 + 2")
        } throws: { error in
            (error as? MathsError)?.message == "R12 at column 1 is a variable that has no value"
        }
    }

    @Test func colonsOutsideSubstitutionsAreRefused() {
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Calculator", argument: "1:30 + 2") }
    }
}

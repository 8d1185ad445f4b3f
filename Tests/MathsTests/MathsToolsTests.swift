import Testing
@testable import Maths

/// Count, Define, Code, tool dispatch, and refusal of bad input.
@Suite struct MathsToolsTests {
    let toolbox = MathsToolbox()

    @Test(arguments: [
        ("1, 2, ..., 10", "10"),
        ("3, 6, ..., 30", "10"),
        ("1, ..., 5", "5"),
        ("[2, 4, ..., 100]", "50"),
        ("10, 8, ..., 0", "6"),
        ("0.5, 1, ..., 3", "6"),
        ("1…10", "10"),
        ("apples, pears, plums", "3"),
        ("1, 2, 3, 4", "4"),
        ("1,000, 2,000", "2"),
        ("(1, 2), (3, 4)", "2"),
    ])
    func countCountsListsAndSequences(input: String, expected: String) throws {
        let result = try toolbox.run(tool: "Count", argument: input)
        #expect(result == expected)
    }

    @Test func countRefusesSequencesThatDoNotReachTheirEnd() {
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Count", argument: "3, 6, ..., 31") }
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Count", argument: "1, 1, ..., 5") }
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Count", argument: "..., 5") }
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Count", argument: "  ") }
    }

    @Test(arguments: [
        ("24", "24"),
        ("$1,000", "1000"),
        ("20%", "0.2"),
        ("3/4", "0.75"),
        ("x", "x"),
        ("x = 5", "x = 5"),
        ("number of apples", "number of apples"),
    ])
    func defineNormalisesNumbersAndKeepsOtherText(input: String, expected: String) throws {
        let result = try toolbox.run(tool: "Define", argument: input)
        #expect(result == expected)
    }

    @Test func outputFormReturnsItsValue() throws {
        #expect(try toolbox.run(tool: "", argument: "40") == "40")
        #expect(throws: MathsError.self) { try toolbox.run(tool: "", argument: "") }
    }

    @Test func codeIsNotExecuted() {
        #expect {
            try toolbox.run(tool: "Code", argument: "If R8 > 0, R8, -R8")
        } throws: { error in
            (error as? MathsError)?.code == .unsupportedTool && "\(error)".contains("Code actions are not enabled")
        }
    }

    @Test func unknownToolsAreRefused() {
        #expect(throws: MathsError.self) { try toolbox.run(tool: "KnowledgeQuery", argument: "1+1") }
        #expect(MathsToolbox.toolNames == ["Calculator", "SetEquation", "SolveEquation", "SolveInequality", "Count", "Define", "Code"])
    }

    func failure(_ text: String) -> MathsError? {
        do {
            _ = try toolbox.run(tool: "Calculator", argument: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedInputNamesTheProblem() {
        #expect(failure("2 +* 3")?.message == "cannot parse '2 +* 3' at column 4")
        #expect(failure("(1 + 2")?.message == "cannot parse '(1 + 2': it ends too early")
        #expect(failure("")?.code == .empty)
        #expect(failure("3 # 4")?.code == .syntax)
        #expect(failure("1 + 2)")?.code == .syntax)
    }

    @Test func divisionByZeroIsAnError() {
        #expect(failure("1/0")?.code == .divisionByZero)
        #expect(failure("5 / (3 - 3)")?.code == .divisionByZero)
        #expect(failure("7 mod 0")?.code == .divisionByZero)
        #expect(failure("x/0")?.code == .divisionByZero)
        #expect(failure("0^-1")?.code == .divisionByZero)
    }

    @Test func hugeResultsAreRefusedQuickly() {
        #expect(failure("2^99999999")?.code == .tooLarge)
        #expect(failure("10^10^10")?.code == .tooLarge)
        #expect(failure("(x+1)^100000")?.code == .tooLarge)
        #expect(failure("(a+b+c+d+e+f)^40")?.code == .tooLarge)
        #expect(failure("100000!")?.code == .tooLarge)
        #expect(failure(String(repeating: "9", count: 30_000))?.code == .tooLarge)
        #expect(failure("sqrt(10^9000)")?.code == .tooLarge)
        #expect(failure("1001!")?.code == .tooLarge)
        // Repeated squaring stops at the size limit instead of running away.
        #expect(failure("((((2^1000)^1000)^1000)^1000)")?.code == .tooLarge)
    }

    @Test func deepNestingAndLongChainsAreRefused() throws {
        let deep = String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(failure(deep)?.code == .tooLarge)
        #expect(failure(String(repeating: "-", count: 5_000) + "1")?.code == .tooLarge)
        #expect(failure(String(repeating: "2^", count: 5_000) + "1")?.code == .tooLarge)
        #expect(failure(Array(repeating: "1", count: 5_000).joined(separator: "+"))?.code == .tooLarge)
        let moderate = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(failure(moderate) == nil)
        #expect(try toolbox.run(tool: "Calculator", argument: Array(repeating: "1", count: 100).joined(separator: " + ")) == "100")
    }

    @Test func largeButBoundedNumbersStayExact() throws {
        #expect(try toolbox.run(tool: "Calculator", argument: "log10(10^9000)") == "9000")
        #expect(try toolbox.run(tool: "Calculator", argument: "(10^9000 + 1) - 10^9000") == "1")
        #expect(try toolbox.run(tool: "Calculator", argument: "1000!/999!") == "1000")
    }

    @Test func domainErrorsAreReported() {
        #expect(failure("sqrt(-4)")?.code == .domain)
        #expect(failure("log(0)")?.code == .domain)
        #expect(failure("(-8)^(1/2)")?.code == .domain)
        #expect(failure("3.5!")?.code == .domain)
    }
}

import Testing
@testable import Maths

/// The maths-tool examples that lumos-spec §7.1 and Appendix B verified against the reference, run on the local
/// engine with the arguments the reference would send after substitution (§6.5).
@Suite struct MathsReferenceExamplesTests {
    let toolbox = MathsToolbox()

    @Test func appendixBLeahTranscriptValues() throws {
        #expect(try toolbox.run(tool: "Calculator", argument: "28 * 1/7") == "4")
        #expect(try toolbox.run(tool: "Calculator", argument: "28 - (4)") == "24")
        #expect(try toolbox.run(tool: "Calculator", argument: "(24) / 2") == "12")
        #expect(try toolbox.run(tool: "Calculator", argument: "(24) - (12)") == "12")
        #expect(try toolbox.run(tool: "Calculator", argument: "(12) - 1") == "11")
    }

    @Test func section71VerifiedCalls() throws {
        #expect(try toolbox.run(tool: "Calculator", argument: "48/2") == "24")
        #expect(try toolbox.run(tool: "Calculator", argument: "48+(24)") == "72")
        #expect(try toolbox.run(tool: "Define", argument: "24") == "24")
        let solution = try toolbox.run(tool: "SolveEquation", argument: "x + y = 10, x - y = 2")
        #expect(solution == "x = 6 ∧ y = 4")
        #expect(MathsToolbox.solutionValues(solution) == [" 6", " 4"])
        // SetEquation keeps its text; the reference would ask Wolfram Alpha about "x + (24) = 5, where y = 2".
        #expect(try toolbox.run(tool: "SetEquation", argument: "x + (24) = 5, y = 2") == "x + (24) = 5, y = 2")
        #expect(try toolbox.run(tool: "SolveEquation", argument: "x + (24) = 5, y = 2") == "x = -19 ∧ y = 2")
    }

    @Test func functionApplicationOfAnExpression() throws {
        // R4 = x-7y, R5 = -9/8, R6 = -3/5: `Calculator(R4(R5, R6))`, as rewritten by the reference and as substituted.
        #expect(try toolbox.run(tool: "Calculator", argument: "x-7y, where -9/8, -3/5") == "3.075")
        #expect(try toolbox.run(tool: "Calculator", argument: "x-7y(-9/8, -3/5)") == "3.075")
    }

    @Test func substitutedEquationsCombine() throws {
        // R1 = "2p/5 = (p+600)/4" substituted as `:(…):` (§6.5); the reference meant Calculator(20·L) = Calculator(20·R).
        #expect(try toolbox.run(tool: "Calculator", argument: ":(2p/5 = (p+600)/4): * 20") == "8p = 5p + 3000")
        #expect(try toolbox.run(tool: "Calculator", argument: "20 * :(2p/5 = (p+600)/4):") == "8p = 5p + 3000")
        #expect(try toolbox.run(tool: "SolveEquation", argument: "8p = 5p + 3000") == "p = 1000")
        // Two substituted equations combine side by side.
        #expect(try toolbox.run(tool: "Calculator", argument: ":(x + y = 10): + :(x - y = 2):") == "2x = 12")
    }

    @Test func percentagesFromTheAnnotations() throws {
        // `R4 = Calculator(25% * R3)` with R3 = 80.
        #expect(try toolbox.run(tool: "Calculator", argument: "25% * (80)") == "20")
    }

    @Test func codeAndUnknownNamesFailLikeTheReferenceDispatch() {
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Code", argument: "If 3 > 0, 3, -3") }
        #expect(throws: MathsError.self) { try toolbox.run(tool: "Search", argument: "x") }
    }
}

import Testing
@testable import Maths

/// SetEquation, SolveEquation and SolveInequality.
@Suite struct MathsSolverTests {
    let toolbox = MathsToolbox()

    func solve(_ text: String) throws -> String { try toolbox.run(tool: "SolveEquation", argument: text) }

    @Test(arguments: [
        ("2x + 3 = 7", "x = 2"),
        ("x/4 = 2.5", "x = 10"),
        ("3x = 10", "x = 10/3"),
        ("2p/5 = (p+600)/4", "p = 1000"),
        ("120/x = 4", "x = 30"),
        ("0.2x + 30 = x - 10", "x = 50"),
    ])
    func linearEquationsInOneUnknown(input: String, expected: String) throws {
        let result = try solve(input)
        #expect(result == expected)
    }

    @Test func linearSystemsTwoByTwoAndThreeByThree() throws {
        #expect(try solve("x + y = 10, x - y = 2") == "x = 6 ∧ y = 4")
        #expect(try solve("2a + 3b = 12, a - b = 1") == "a = 3 ∧ b = 2")
        #expect(try solve("x + y + z = 6, 2x - y + z = 3, x + 2y - z = 2") == "x = 1 ∧ y = 2 ∧ z = 3")
        #expect(try solve("x + y = 1, x - y = 1/2") == "x = 0.75 ∧ y = 0.25")
        // A where-clause is one more equation.
        #expect(try solve("x + y = 10, where y = 3") == "x = 7 ∧ y = 3")
    }

    @Test func quadraticsGiveBothRealRoots() throws {
        #expect(try solve("x^2 - x - 6 = 0") == "x = -2 or x = 3")
        #expect(try solve("x^2 = 16") == "x = -4 or x = 4")
        #expect(try solve("x^2 - 4x + 4 = 0") == "x = 2")
        #expect(try solve("x^2 - 2x - 1 = 0") == "x = 1 ± sqrt(2)")
        #expect(try solve("x^2 = 12") == "x = ± 2 sqrt(3)")
        let golden = try solve("x^2 - x - 1 = 0")
        #expect(golden == "x = 0.5 ± sqrt(5)/2")
        #expect(try solve("x^3 = 27") == "x = 3")
        #expect(try solve("x^2 - 5x = 0") == "x = 0 or x = 5")
        #expect(try solve("x^3 - 6x^2 + 11x - 6 = 0") == "x = 1 or x = 2 or x = 3")
        #expect(try solve("2x^3 - 3x^2 - 2x = 0") == "x = -0.5 or x = 0 or x = 2")
        #expect(try solve("x^3 - 3x^2 + x + 1 = 0") == "x = 1 - sqrt(2) or x = 1 or x = 1 + sqrt(2)")
        #expect(try solve("(x - 2)^2 (x + 1) = 0") == "x = -1 or x = 2")
    }

    @Test func systemsThatReduceToAQuadraticAreSolved() throws {
        // The Lumos annotation SolveEquation(R2=xy, R3=x/y) with R2 = 24, R3 = 6.
        #expect(try solve("24=xy, 6=x/y") == "x = -12 ∧ y = -2 or x = 12 ∧ y = 2")
    }

    @Test func unsolvableEquationsFailWithAReason() throws {
        #expect(throws: MathsError.self) { try solve("x^2 + 1 = 0") }
        #expect(throws: MathsError.self) { try solve("x + y = 1, x + y = 2") }
        #expect(throws: MathsError.self) { try solve("x + 1 = x + 1") }
        #expect(throws: MathsError.self) { try solve("x^3 + x + 1 = 0") }
        #expect(throws: MathsError.self) { try solve("1/x = 0") }
    }

    @Test func underdeterminedSystemsAreSolvedForThePivots() throws {
        #expect(try solve("x + y = 10") == "x = -y + 10")
    }

    @Test func solutionValuesReadResultsLikeTheReference() {
        #expect(MathsToolbox.solutionValues("x = 6 ∧ y = 4") == [" 6", " 4"])
        #expect(MathsToolbox.solutionValues("x = -2 or x = 3") == [" 3"])
        #expect(MathsToolbox.solutionValues("x = 1 ± sqrt(2)") == [" 1 + sqrt(2)"])
    }

    @Test func solutionValuesEvaluateBackInCalculator() throws {
        let value = MathsToolbox.solutionValues(try solve("x^2 - 2x - 1 = 0"))[0]
        #expect(try toolbox.run(tool: "Calculator", argument: "(\(value))^2 - 2(\(value)) - 1") == "0")
    }

    @Test func setEquationReturnsTheEquationForLaterActions() throws {
        let equation = try toolbox.run(tool: "SetEquation", argument: " 2p/5 = (p+600)/4 ")
        #expect(equation == "2p/5 = (p+600)/4")
        #expect(try solve(equation) == "p = 1000")
        #expect(throws: MathsError.self) { try toolbox.run(tool: "SetEquation", argument: "2 +* = 3") }
    }

    @Test(arguments: [
        ("2x + 3 > 7", "x > 2"),
        ("-3x <= 6", "x >= -2"),
        ("1 < 2x + 1 < 5", "0 < x < 2"),
        ("x/2 >= 1/3", "x >= 2/3"),
        ("5x - 2 < 3x + 1", "x < 1.5"),
        ("x > 1, x < 4", "1 < x < 4"),
        ("x > 4, x < 1", "False"),
        ("3 > 2", "True"),
    ])
    func linearInequalities(input: String, expected: String) throws {
        let result = try toolbox.run(tool: "SolveInequality", argument: input)
        #expect(result == expected)
    }

    @Test func nonlinearInequalitiesAreRefused() {
        #expect(throws: MathsError.self) { try toolbox.run(tool: "SolveInequality", argument: "x^2 > 4") }
        #expect(throws: MathsError.self) { try toolbox.run(tool: "SolveInequality", argument: "x + y > 4") }
    }
}

import Testing
import TestSupport
@testable import Maths

/// Random algebra checked against itself: expansions print in a form that reads back to the same values, and the
/// solvers recover solutions that were built in.
@Suite struct MathsAlgebraPropertyTests {
    let toolbox = MathsToolbox()

    static func randomPolynomialText(depth: Int, using generator: inout MathsFuzzTests.Generator) -> String {
        if depth == 0 || Int.random(in: 0..<4, using: &generator) == 0 {
            return ["x", "y", "2", "3", "1/2", "0.5", "-1", "x", "y"].randomElement(using: &generator)!
        }
        let a = randomPolynomialText(depth: depth - 1, using: &generator)
        let b = randomPolynomialText(depth: depth - 1, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return "(\(a)) + (\(b))"
        case 1: return "(\(a)) - (\(b))"
        case 2: return "(\(a))(\(b))"
        case 3: return "(\(a))^2"
        default: return "\(Int.random(in: 2...5, using: &generator))(\(a))"
        }
    }

    @Test func expandedPolynomialsReadBackToTheSameValues() throws {
        var generator = MathsFuzzTests.Generator(state: 11)
        for _ in 0..<300 {
            let text = Self.randomPolynomialText(depth: 4, using: &generator)
            let expanded = try toolbox.run(tool: "Calculator", argument: text)
            let x = Int.random(in: -9...9, using: &generator)
            let y = Int.random(in: -9...9, using: &generator)
            let direct = try toolbox.run(tool: "Calculator", argument: "\(text), where x = \(x), y = \(y)")
            let viaExpansion = try toolbox.run(tool: "Calculator", argument: "\(expanded), where x = \(x), y = \(y)")
            #expect(direct == viaExpansion, "\(text) expanded to \(expanded)")
            // Expanding again changes nothing: the printed form is a normal form.
            #expect(try toolbox.run(tool: "Calculator", argument: expanded) == expanded)
        }
    }

    static func determinant(_ m: [[Int]]) -> Int {
        if m.count == 1 { return m[0][0] }
        return (0..<m.count).reduce(0) { total, column in
            let minor = m.dropFirst().map { row in row.enumerated().filter { $0.offset != column }.map(\.element) }
            return total + (column % 2 == 0 ? 1 : -1) * m[0][column] * determinant(minor)
        }
    }

    @Test func linearSystemsRecoverTheirBuiltInSolution() throws {
        var generator = MathsFuzzTests.Generator(state: 12)
        let names = ["a", "b", "c", "d"]
        var solved = 0
        for round in 0..<200 {
            let size = 2 + round % 3
            let solution = (0..<size).map { _ in Int.random(in: -20...20, using: &generator) }
            let matrix = (0..<size).map { _ in (0..<size).map { _ in Int.random(in: -5...5, using: &generator) } }
            let equations = matrix.map { row in
                let lhs = zip(row, names).map { "(\($0))\($1)" }.joined(separator: " + ")
                return "\(lhs) = \(zip(row, solution).reduce(0) { $0 + $1.0 * $1.1 })"
            }
            // Singular matrices leave unknowns free or unused; only regular ones have one solution to recover.
            guard Self.determinant(matrix) != 0 else { continue }
            let expected = zip(names, solution).map { "\($0) = \($1)" }.joined(separator: " ∧ ")
            let result = try toolbox.run(tool: "SolveEquation", argument: equations.joined(separator: ", "))
            #expect(result == expected, "\(equations)")
            solved += 1
        }
        #expect(solved > 150)
    }

    @Test func quadraticsRecoverTheirBuiltInRoots() throws {
        var generator = MathsFuzzTests.Generator(state: 13)
        for _ in 0..<200 {
            let r1 = Int.random(in: -30...30, using: &generator)
            let r2 = Int.random(in: -30...30, using: &generator)
            let k = [1, 2, -3, 5].randomElement(using: &generator)!
            let polynomial = try toolbox.run(tool: "Calculator", argument: "\(k)(x - (\(r1)))(x - (\(r2)))")
            let result = try toolbox.run(tool: "SolveEquation", argument: "\(polynomial) = 0")
            let expected = r1 == r2 ? "x = \(r1)" : "x = \(min(r1, r2)) or x = \(max(r1, r2))"
            #expect(result == expected, "\(polynomial)")
        }
    }
}

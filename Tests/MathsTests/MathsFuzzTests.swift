import Testing
import TestSupport
@testable import Maths

/// Random input never crashes the maths tools, and random arithmetic agrees with Double arithmetic.
@Suite struct MathsFuzzTests {
    /// Deterministic, so a failure reproduces; the other maths property tests draw from it too.
    typealias Generator = SeededGenerator

    static let pieces = [
        "0", "1", "2", "7", "10", "0.5", ".25", "1,000", "99999999", "+", "-", "*", "/", "^", "**", "(", ")", "(", ")",
        "%", "!", ",", "=", "<", ">=", " ", " ", "x", "y", "xy", "e", "pi", "π", "√", "sqrt", "log", "root", "of",
        "where", "...", "$", "mod", "dollars", ":(", "):", "×", "÷", "−", "²", "°", "1e5", "[", "]", ";", "#", "é", "\u{0}",
    ]

    @Test func randomTextNeverCrashesAnyTool() {
        var generator = Generator(state: 42)
        let toolbox = MathsToolbox()
        var outcomes = (results: 0, errors: 0)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...14, using: &generator)
            let text = (0..<length).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            for tool in MathsToolbox.toolNames {
                do {
                    _ = try toolbox.run(tool: tool, argument: text)
                    outcomes.results += 1
                } catch {
                    outcomes.errors += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(outcomes.results > 1_000)
        #expect(outcomes.errors > 1_000)
    }

    indirect enum Expression {
        case number(Int)
        case operation(Character, Expression, Expression)

        var text: String {
            switch self {
            case .number(let n): n < 0 ? "(\(n))" : "\(n)"
            case .operation(let op, let a, let b): "(\(a.text) \(op) \(b.text))"
            }
        }

        /// nil on division by zero.
        var double: Double? {
            switch self {
            case .number(let n): return Double(n)
            case .operation(let op, let a, let b):
                guard let x = a.double, let y = b.double else { return nil }
                switch op {
                case "+": return x + y
                case "-": return x - y
                case "*": return x * y
                default: return y == 0 ? nil : x / y
                }
            }
        }

        static func random(depth: Int, using generator: inout Generator) -> Expression {
            if depth == 0 || Int.random(in: 0..<3, using: &generator) == 0 {
                return .number(Int.random(in: -20...20, using: &generator))
            }
            let op = Array("+-*/").randomElement(using: &generator)!
            return .operation(op, random(depth: depth - 1, using: &generator), random(depth: depth - 1, using: &generator))
        }
    }

    @Test func randomArithmeticAgreesWithDoubleArithmetic() throws {
        var generator = Generator(state: 7)
        let toolbox = MathsToolbox()
        for _ in 0..<1_500 {
            let expression = Expression.random(depth: 5, using: &generator)
            guard let expected = expression.double else {
                #expect(throws: MathsError.self) { try toolbox.run(tool: "Calculator", argument: expression.text) }
                continue
            }
            let output = try toolbox.run(tool: "Calculator", argument: expression.text)
            let value = try #require(MathsGSM8KTests.exactValue(output), "\(expression.text) gave \(output)")
            let tolerance = 1e-9 * max(1, abs(expected))
            #expect(abs(value.doubleValue - expected) <= tolerance, "\(expression.text) gave \(output), Double says \(expected)")
        }
    }
}

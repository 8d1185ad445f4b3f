import Foundation

/// The maths tools of the execution module (lumos-spec §7.1), run locally in place of Wolfram Alpha.
///
/// The caller (the agent loop) parses the action, substitutes variables as spec §6.5 says, and passes the tool
/// name and the substituted argument text. Result strings are formatted as described on `MathsFormatter`.
///
/// Tools:
/// - `Calculator(formula)`: exact evaluation. Symbolic input is expanded to a polynomial in normal form; an equation
///   keeps its two (expanded) sides, so the reference's `:(2p/5 = (p+600)/4): * 20` gives `8p = 5p + 3000`.
///   `expr, where x = 2` binds variables; `expr, where 3, 4` and `expr(3, 4)` bind the free variables in alphabetical
///   order — the reference rewrites `R4(R5, R6)` to `<R4>, where <R5>, <R6>` before calling Wolfram Alpha (§7.1
///   step 1), and either form works here. Several comma-separated expressions give comma-separated results.
/// - `SetEquation(equation)`: checks that the text parses and returns it unchanged (the reference returns it
///   without calling Wolfram Alpha), so a later `SolveEquation(R1)` or `Calculator(R1 * 20)` uses it.
/// - `SolveEquation(equations)`: comma-separated equations (a bare expression means `= 0`; `where` clauses are
///   more equations; a lone unknown such as `, x` names the unknown and is ignored). Linear systems in any number
///   of unknowns, quadratics and `a·x^n = c` in one unknown (higher degrees when their rational roots leave at most a
///   quadratic), and systems that reduce to those by substitution.
///   Result: `x = 6 ∧ y = 4`, several solutions joined by ` or `, irrational pairs as `x = 1 ± sqrt(2)`;
///   an underdetermined linear system gives the pivots through the free unknowns (`x = -y + 10`).
/// - `SolveInequality(inequality)`: linear in one unknown → `x > 2`, `1 < x < 5`.
/// - `Count(list)`: number of items, or of a `...` arithmetic sequence.
/// - `Define(value)`: a number is returned normalised (`$1,000` → `1000`, `20%` → `0.2`, `3/4` → `0.75`);
///   anything else is returned unchanged (the reference returns the text as is). The tool name `""` (the
///   `Output = R9 = 40` form, spec §7.1) behaves the same.
/// - `Code`: never executed; fails with "Code actions are not enabled".
///
/// Every failure is a `MathsError` whose message names the problem; nothing in the input can crash or hang the
/// engine. Limits: 20,000 characters of input, 256 levels of nesting or chained operators, exact results of about
/// 10,000 digits (`2^99999999` is refused at once), polynomials of 2,000 terms, factorials up to `1000!`.
public struct MathsToolbox: Sendable {
    public static let toolNames: Set<String> = [
        "Calculator", "SetEquation", "SolveEquation", "SolveInequality", "Count", "Define", "Code",
    ]

    public init() {}

    /// Runs one maths tool on its (already variable-substituted) argument text and returns the result string
    /// formatted the way lumos-spec §7.1 says the loop and the scorer read it (like Wolfram Alpha's plaintext result).
    public func run(tool: String, argument: String) throws(MathsError) -> String {
        let text = MathsText.trim(argument)
        switch tool {
        case "Calculator": return try calculate(text)
        case "SetEquation": return try setEquation(text)
        case "SolveEquation": return try solveEquation(text)
        case "SolveInequality": return try solveInequality(text)
        case "Count":
            return try SequenceCounter.count(text) { (item: String) throws(MathsError) -> BigRational in
                let values = try MathsToolbox.evaluateItems(item)
                guard values.count == 1, let number = values[0].rational else {
                    throw MathsError(.syntax, "'\(item)' in a '...' sequence is not a number")
                }
                return number
            }
        case "Define", "": return try define(text)
        case "Code": throw MathsError(.unsupportedTool, "Code actions are not enabled")
        default: throw MathsError(.unsupportedTool, "'\(tool)' is not a maths tool (expected one of \(Self.toolNames.sorted().joined(separator: ", ")))")
        }
    }

    /// The per-unknown values of a `SolveEquation` result, read the way the reference reads Wolfram Alpha's
    /// plaintext (spec §7.1): `±` becomes `+` (the reference keeps the `+` root), the text is split on `" ∧ "`, and
    /// each piece contributes the text after its first `=`, **unstripped** (`"x = 6 ∧ y = 4"` → `[" 6", " 4"]`).
    /// For several solutions joined with ` or ` (which Wolfram Alpha returns as separate subpods, failing the
    /// reference), the last — the largest — is used, since word problems want the positive root.
    public static func solutionValues(_ result: String) -> [String] {
        let chosen = result.components(separatedBy: " or ").last ?? result
        return chosen.replacingOccurrences(of: "±", with: "+").components(separatedBy: " ∧ ").map { piece in
            guard let equals = piece.firstIndex(of: "=") else { return piece }
            return String(piece[piece.index(after: equals)...])
        }
    }

    // MARK: Tools

    private func calculate(_ text: String) throws(MathsError) -> String {
        let values = try MathsToolbox.evaluateItems(MathsToolbox.rewritingApplication(MathsToolbox.droppingCommand(text)))
        return values.map(MathsFormatter.format).joined(separator: ", ")
    }

    private func setEquation(_ text: String) throws(MathsError) -> String {
        _ = try MathsParser.parse(text)
        return text
    }

    private func solveEquation(_ text: String) throws(MathsError) -> String {
        let statement = try MathsParser.parse(MathsToolbox.droppingCommand(text))
        let evaluator = MathsEvaluator()
        var relations: [MathsValue] = []
        for node in statement.items + statement.bindings {
            if case .variable = node, !statement.items.dropLast().isEmpty || !statement.bindings.isEmpty { continue }
            let value = try evaluator.evaluate(node)
            if case .relation = value { relations.append(value) } else { relations.append(.relation([value, .number(.zero)], ["="])) }
        }
        let solver = try EquationSolver(relations)
        let unknowns = solver.unknowns
        if unknowns.isEmpty { throw MathsError(.noSolution, "there is no unknown to solve for") }
        return MathsFormatter.solutions(try solver.solve(), unknowns: unknowns)
    }

    private func solveInequality(_ text: String) throws(MathsError) -> String {
        let statement = try MathsParser.parse(MathsToolbox.droppingCommand(text))
        let evaluator = MathsEvaluator()
        var relations: [MathsValue] = []
        for node in statement.items + statement.bindings {
            if case .variable = node, statement.items.count > 1 { continue }
            relations.append(try evaluator.evaluate(node))
        }
        return try InequalitySolver.solve(relations)
    }

    private func define(_ text: String) throws(MathsError) -> String {
        if text.isEmpty { throw MathsError(.empty, "there is no value to define") }
        if let values = try? MathsToolbox.evaluateItems(text), values.count == 1, let number = values[0].rational {
            return MathsFormatter.number(number)
        }
        return text
    }

    // MARK: Helpers

    /// Parses and evaluates a statement; each item gives one value (a `where` clause binds variables first).
    static func evaluateItems(_ text: String) throws(MathsError) -> [MathsValue] {
        let statement = try MathsParser.parse(text)
        var evaluator = MathsEvaluator()
        var positional: [MathsNode] = []
        for binding in statement.bindings {
            if case .relation(let sides, let ops) = binding, ops == ["="], case .variable(let name) = sides[0] {
                evaluator.bindings[name] = try evaluator.evaluate(sides[1])
            } else {
                positional.append(binding)
            }
        }
        if !positional.isEmpty {
            guard statement.items.count == 1 else {
                throw MathsError(.syntax, "values after 'where' need one expression to apply to")
            }
            return [try evaluator.applyFunction(statement.items[0], positional)]
        }
        var results: [MathsValue] = []
        for item in statement.items { results.append(try evaluator.evaluate(item)) }
        return results
    }

    /// `x-7y(3, 4)` → `x-7y, where 3, 4`: a trailing parenthesised list after an expression (not after a function
    /// name) is the reference's "evaluate R4 at R5, R6".
    static func rewritingApplication(_ text: String) -> String {
        guard text.hasSuffix(")") else { return text }
        let chars = Array(text)
        var depth = 0
        var open = -1
        var hasComma = false
        for index in stride(from: chars.count - 1, through: 0, by: -1) {
            if chars[index] == ")" { depth += 1 }
            if chars[index] == "(" { depth -= 1 }
            if chars[index] == "," && depth == 1 { hasComma = true }
            if depth == 0 { open = index; break }
        }
        guard open > 0, hasComma else { return text }
        let prefix = MathsText.trim(String(chars[..<open]))
        guard let last = prefix.last, last.isLetter || last.isNumber || last == ")" else { return text }
        let trailingWord = String(prefix.reversed().prefix { $0.isLetter }.reversed()).lowercased()
        if MathsWords.functions.contains(trailingWord) { return text }
        return prefix + ", where " + String(chars[(open + 1)..<(chars.count - 1)])
    }

    /// Drops a leading command word that a model may repeat inside the argument (`Expand (x+1)^2`, `Solve 2x = 4`),
    /// as the reference prefixes its Wolfram Alpha queries with such words.
    static func droppingCommand(_ text: String) -> String {
        let lower = text.lowercased()
        for command in ["solve", "expand", "simplify", "calculate", "compute", "evaluate"] where lower.hasPrefix(command) {
            let rest = text.dropFirst(command.count)
            if let next = rest.first, next == " " || next == ":" {
                return MathsText.trim(rest.dropFirst())
            }
        }
        return text
    }
}

/// Recursive-descent parser for model-written maths. Never evaluates text as code.
///
/// Precedence, lowest first: relations (`= < > <= >= !=`, chainable), `+ −`, `× ÷ mod` and implicit
/// multiplication (`2x`, `3(4+5)`, `(a)(b)`), unary sign, `^` (right-associative, so `-2^2` is −4 and
/// `2^3^2` is 512), postfix `%` and `!`. Words: function names, `pi`, the connectives `of` (×), `times`,
/// `plus`, `minus`, `divided by`, `mod`, `squared`, `cubed`, `percent`, and `where` (starts bindings).
/// Other words are variables, except unit words (see `MathsWords.filterUnits`).
struct MathsParser {
    /// Bounds nesting and operator chains together, so that evaluating the tree (which recurses once per level)
    /// stays shallow on any thread's stack.
    static let maximumDepth = 256

    private var tokens: [MathsToken]
    private var position = 0
    private var depth = 0
    private let text: String

    init(_ text: String) throws(MathsError) {
        self.text = text
        tokens = MathsWords.filterUnits(try MathsLexer.tokenize(text))
    }

    /// Parses the whole text as a statement.
    static func parse(_ text: String) throws(MathsError) -> MathsStatement {
        var parser = try MathsParser(text)
        guard parser.current.kind != .end else { throw MathsError(.empty, "there is no expression to evaluate") }
        var statement = MathsStatement(items: [], bindings: [])
        var inWhere = false
        while true {
            if parser.current.kind == .word("where") {
                if inWhere { throw parser.unexpected() }
                inWhere = true
                parser.advance()
            }
            let item = try parser.relation()
            if inWhere { statement.bindings.append(item) } else { statement.items.append(item) }
            if parser.current.kind == .symbol(",") {
                parser.advance()
                continue
            }
            if parser.current.kind == .word("where") { continue }
            guard parser.current.kind == .end else { throw parser.unexpected() }
            return statement
        }
    }

    private var current: MathsToken { tokens[position] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func unexpected() -> MathsError {
        switch current.kind {
        case .end: MathsError(.syntax, "cannot parse '\(text)': it ends too early")
        default: MathsError(.syntax, "cannot parse '\(text)' at column \(current.column)")
        }
    }

    private mutating func enter() throws(MathsError) {
        depth += 1
        if depth > MathsParser.maximumDepth {
            throw MathsError(.tooLarge, "the expression nests or chains more than \(MathsParser.maximumDepth) levels deep")
        }
    }

    private static let relations: Set<String> = ["=", "<", ">", "<=", ">=", "!="]

    private mutating func relation() throws(MathsError) -> MathsNode {
        var operands = [try additive()]
        var operators: [String] = []
        while case .symbol(let op) = current.kind, MathsParser.relations.contains(op) {
            advance()
            operators.append(op)
            operands.append(try additive())
        }
        return operators.isEmpty ? operands[0] : .relation(operands, operators)
    }

    private mutating func additive() throws(MathsError) -> MathsNode {
        var node = try multiplicative()
        let entryDepth = depth
        defer { depth = entryDepth }
        while true {
            try enter()
            switch current.kind {
            case .symbol("+"), .word("plus"):
                advance()
                node = .binary("+", node, try multiplicative())
            case .symbol("-"), .word("minus"):
                advance()
                node = .binary("-", node, try multiplicative())
            default:
                return node
            }
        }
    }

    private mutating func multiplicative() throws(MathsError) -> MathsNode {
        var node = try unary()
        let entryDepth = depth
        defer { depth = entryDepth }
        while true {
            try enter()
            switch current.kind {
            case .symbol("*"), .word("times"), .word("of"):
                advance()
                node = .binary("*", node, try unary())
            case .symbol("/"), .word("over"):
                advance()
                node = .binary("/", node, try unary())
            case .word("divided"):
                advance()
                if current.kind == .word("by") { advance() }
                node = .binary("/", node, try unary())
            case .word("mod"):
                advance()
                node = .binary("mod", node, try unary())
            case .number, .symbol("("):
                node = .binary("*", node, try power())
            case .word(let word) where !MathsWords.connectives.contains(word):
                node = .binary("*", node, try power())
            default:
                return node
            }
        }
    }

    private mutating func unary() throws(MathsError) -> MathsNode {
        try enter()
        defer { depth -= 1 }
        switch current.kind {
        case .symbol("-"), .word("minus"):
            advance()
            return .negate(try unary())
        case .symbol("+"):
            advance()
            return try unary()
        default:
            return try power()
        }
    }

    private mutating func power() throws(MathsError) -> MathsNode {
        let base = try postfix()
        if current.kind == .symbol("^") {
            advance()
            return .binary("^", base, try unary())
        }
        return base
    }

    private mutating func postfix() throws(MathsError) -> MathsNode {
        var node = try primary()
        while true {
            switch current.kind {
            case .symbol("%"), .word("percent"):
                advance()
                node = .percent(node)
            case .symbol("!"):
                advance()
                node = .factorial(node)
            case .word("squared"):
                advance()
                node = .binary("^", node, .number(BigRational(2)))
            case .word("cubed"):
                advance()
                node = .binary("^", node, .number(BigRational(3)))
            default:
                return node
            }
        }
    }

    private mutating func primary() throws(MathsError) -> MathsNode {
        try enter()
        defer { depth -= 1 }
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value)
        case .symbol("("):
            advance()
            var items = [try relation()]
            while current.kind == .symbol(",") {
                advance()
                items.append(try relation())
            }
            guard current.kind == .symbol(")") else { throw unexpected() }
            advance()
            return items.count == 1 ? items[0] : .tuple(items)
        case .word(let word) where MathsWords.functions.contains(word):
            advance()
            if current.kind == .symbol("(") {
                advance()
                var arguments: [MathsNode] = []
                if current.kind != .symbol(")") {
                    arguments.append(try relation())
                    while current.kind == .symbol(",") {
                        advance()
                        arguments.append(try relation())
                    }
                }
                guard current.kind == .symbol(")") else { throw unexpected() }
                advance()
                return .call(word, arguments)
            }
            // `sqrt 16`, `sin x`: the function applies to the next power-level operand.
            return .call(word, [try power()])
        case .word(let word) where MathsWords.constants.contains(word):
            advance()
            return .constant(word)
        case .word(let word) where !MathsWords.connectives.contains(word):
            advance()
            return .variable(word)
        default:
            throw unexpected()
        }
    }
}

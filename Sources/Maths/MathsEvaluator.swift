/// Evaluates parsed maths exactly. Unbound variables stay symbolic, so `(x+1)^2` expands to a polynomial.
struct MathsEvaluator {
    /// Values given to variables (from a `where` clause).
    var bindings: [String: MathsValue] = [:]

    func evaluate(_ node: MathsNode) throws(MathsError) -> MathsValue {
        switch node {
        case .number(let value):
            return .number(value)
        case .variable(let name):
            return bindings[name] ?? .variable(name)
        case .constant(let name):
            return .real(name == "pi" ? Double.pi : Double.pi / 180)
        case .negate(let inner):
            return try MathsArithmetic.negate(evaluate(inner))
        case .binary(let op, let lhs, .percent(let p)) where op == "+" || op == "-":
            // Calculator convention: `50 + 20%` is 50 · 1.2, unless both sides are percentages.
            if case .percent = lhs { break }
            let base = try evaluate(lhs)
            let rate = try MathsArithmetic.apply("/", evaluate(p), .number(BigRational(100)))
            let factor = try MathsArithmetic.apply(op, .number(.one), rate)
            return try MathsArithmetic.apply("*", base, factor)
        case .binary("*", let lhs, .tuple(let arguments)):
            // `expr(a, b)`: the reference's "evaluate R4 at R5, R6" — bind the free variables in alphabetical order.
            return try applyFunction(lhs, arguments)
        default:
            break
        }
        switch node {
        case .binary(let op, let lhs, let rhs):
            return try MathsArithmetic.apply(op, evaluate(lhs), evaluate(rhs))
        case .percent(let inner):
            return try MathsArithmetic.apply("/", evaluate(inner), .number(BigRational(100)))
        case .factorial(let inner):
            guard let r = try evaluate(inner).rational else { throw MathsError(.domain, "factorial needs a whole number") }
            return try MathsFunctions.factorial(r)
        case .call(let name, let arguments):
            var values: [MathsValue] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try MathsFunctions.call(name, values)
        case .tuple(let items):
            var values: [MathsValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .relation(let operands, let operators):
            var values: [MathsValue] = []
            for operand in operands { values.append(try evaluate(operand)) }
            return .relation(values, operators)
        default:
            throw MathsError(.syntax, "cannot evaluate this expression")
        }
    }

    /// Evaluates `body` with its free variables, in alphabetical order, bound to `arguments`.
    func applyFunction(_ body: MathsNode, _ arguments: [MathsNode]) throws(MathsError) -> MathsValue {
        let free = MathsEvaluator.freeVariables(body).subtracting(bindings.keys).sorted()
        guard free.count == arguments.count else {
            throw MathsError(.syntax, "cannot apply an expression with \(free.count) unknown(s) to \(arguments.count) value(s)")
        }
        var inner = self
        for (name, argument) in zip(free, arguments) { inner.bindings[name] = try evaluate(argument) }
        return try inner.evaluate(body)
    }

    static func freeVariables(_ node: MathsNode) -> Set<String> {
        switch node {
        case .variable(let name): [name]
        case .number, .constant: []
        case .negate(let a), .percent(let a), .factorial(let a): freeVariables(a)
        case .binary(_, let a, let b): freeVariables(a).union(freeVariables(b))
        case .call(_, let items), .tuple(let items), .relation(let items, _):
            items.reduce(into: Set<String>()) { $0.formUnion(freeVariables($1)) }
        }
    }
}

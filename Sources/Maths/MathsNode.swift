/// Parsed maths: the syntax tree the evaluator walks.
indirect enum MathsNode: Sendable, Equatable {
    case number(BigRational)
    case variable(String)
    case constant(String)
    case negate(MathsNode)
    /// `+ - * / ^ mod`
    case binary(String, MathsNode, MathsNode)
    /// `20%`: kept apart from `/100` so that `50 + 20%` can mean 50 · 1.2, as on a calculator.
    case percent(MathsNode)
    case factorial(MathsNode)
    case call(String, [MathsNode])
    /// A parenthesised comma list, `(a, b)`: only meaningful as the argument list of `expr(a, b)`.
    case tuple([MathsNode])
    /// A chain `a = b`, `a < b <= c`: operands and the operators between them.
    case relation([MathsNode], [String])
}

/// A top-level statement: comma-separated items, then the items of an optional `where` clause.
struct MathsStatement: Sendable, Equatable {
    var items: [MathsNode]
    var bindings: [MathsNode]
}

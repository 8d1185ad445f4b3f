/// The words the maths parser knows, and how other words are read.
enum MathsWords {
    static let functions: Set<String> = [
        "sqrt", "cbrt", "root", "abs", "floor", "ceil", "ceiling", "round", "min", "max", "log", "ln", "log10", "log2",
        "exp", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "gcd", "lcm", "factorial",
        "sum", "average", "mean", "avg",
    ]
    static let constants: Set<String> = ["pi", "degrees", "degree", "deg"]
    /// Words that act as operators or punctuation, never as variables.
    static let connectives: Set<String> = [
        "of", "times", "plus", "minus", "divided", "by", "over", "mod", "where", "percent", "squared", "cubed",
    ]

    /// Reads unknown words before parsing.
    ///
    /// - A word of two or more letters written after a number, `)` or `%` with a space between (`5 dollars`,
    ///   `3 hours`), or after such a dropped word (`5 dollars per hour`), is a unit and is dropped.
    /// - `x` between two numbers, spaced on both sides (`3 x 4`), is a multiplication sign.
    /// - Any other unknown word of two or three letters is a product of one-letter variables (`xy` is x·y, as in
    ///   the Lumos annotation `SolveEquation(R2=xy, R3=x/y)`); longer words are variables named by the word.
    static func filterUnits(_ tokens: [MathsToken]) -> [MathsToken] {
        var result: [MathsToken] = []
        result.reserveCapacity(tokens.count)
        var previousWasUnit = false
        for (index, token) in tokens.enumerated() {
            guard case .word(let word) = token.kind, !isKnown(word) else {
                result.append(token)
                previousWasUnit = false
                continue
            }
            let previous = result.last?.kind
            let afterQuantity: Bool = switch previous {
            case .number, .symbol(")"), .symbol("%"): true
            default: false
            }
            if word == "x", token.spaced, afterQuantity, index + 1 < tokens.count, tokens[index + 1].spaced,
               case .number = tokens[index + 1].kind {
                result.append(MathsToken(kind: .symbol("*"), column: token.column, spaced: true))
                previousWasUnit = false
                continue
            }
            if word.count >= 2, token.spaced, afterQuantity || previousWasUnit {
                previousWasUnit = true
                continue
            }
            previousWasUnit = false
            if word.count <= 3 {
                for (offset, letter) in word.enumerated() {
                    result.append(MathsToken(kind: .word(String(letter)), column: token.column + offset, spaced: offset == 0 && token.spaced))
                }
            } else {
                result.append(token)
            }
        }
        return result
    }

    private static func isKnown(_ word: String) -> Bool {
        functions.contains(word) || constants.contains(word) || connectives.contains(word)
    }
}

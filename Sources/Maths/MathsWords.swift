/// The words the maths parser knows, and how other words are read.
enum MathsWords {
    static let functions: Set<String> = [
        "sqrt", "cbrt", "root", "abs", "floor", "ceil", "ceiling", "round", "min", "max", "log", "ln", "log10", "log2",
        "exp", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "gcd", "lcm", "factorial",
        "sum", "average", "mean", "avg",
    ]
    static let constants: Set<String> = ["pi", "degrees", "degree", "deg"]
    /// Number words read as exact numbers (`half of 50`, `3 dozen`, `2 million`, `twice 7`).
    static let numbers: [String: BigRational] = [
        "zero": BigRational(0), "one": BigRational(1), "two": BigRational(2), "three": BigRational(3),
        "four": BigRational(4), "five": BigRational(5), "six": BigRational(6), "seven": BigRational(7),
        "eight": BigRational(8), "nine": BigRational(9), "ten": BigRational(10), "twice": BigRational(2),
        "double": BigRational(2), "triple": BigRational(3), "half": BigRational(BigInt(1), BigInt(2)),
        "third": BigRational(BigInt(1), BigInt(3)), "quarter": BigRational(BigInt(1), BigInt(4)),
        "dozen": BigRational(12), "hundred": BigRational(100), "thousand": BigRational(1000),
        "million": BigRational(1_000_000), "billion": BigRational(1_000_000_000),
    ]
    /// Words that act as operators or punctuation, never as variables.
    static let connectives: Set<String> = [
        "of", "times", "plus", "minus", "divided", "by", "over", "mod", "where", "percent", "squared", "cubed",
    ]

    /// Reads unknown words before parsing.
    ///
    /// - A word of two or more letters written after a number, `)` or `%` with a space between (`5 dollars`,
    ///   `3 hours`), or after such a dropped word (`5 dollars per hour`), is a unit and is dropped.
    /// - `x` between two numbers (`3 x 4`, `3x4`) is a multiplication sign.
    /// - Number words (`half`, `dozen`, `million`, `one` … `ten`) become numbers.
    /// - Any other unknown word of two or three letters is a product of one-letter variables (`xy` is x·y, as in
    ///   the Lumos annotation `SolveEquation(R2=xy, R3=x/y)`); longer words are variables named by the word.
    static func filterUnits(_ tokens: [MathsToken]) -> [MathsToken] {
        var result: [MathsToken] = []
        result.reserveCapacity(tokens.count)
        var previousWasUnit = false
        for (index, token) in tokens.enumerated() {
            if case .word(let word) = token.kind, let value = numbers[word] {
                result.append(MathsToken(kind: .number(value), column: token.column, spaced: token.spaced))
                previousWasUnit = false
                continue
            }
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
            if word == "x", case .number = previous, index + 1 < tokens.count, case .number = tokens[index + 1].kind {
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

    static func isKnown(_ word: String) -> Bool {
        functions.contains(word) || constants.contains(word) || connectives.contains(word) || numbers[word] != nil
    }
}

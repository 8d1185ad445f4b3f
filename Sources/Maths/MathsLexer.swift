/// One token of maths text.
struct MathsToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(BigRational)
        case word(String)
        /// Operators and punctuation, normalised to ASCII: `+ - * / ^ ( ) , = < > <= >= != % ! mod`.
        case symbol(String)
        case end
    }

    var kind: Kind
    /// 1-based column of the token's first character in the input.
    var column: Int
    /// Whether whitespace (or a stripped currency sign) separates it from the previous token.
    var spaced: Bool
}

/// Splits model-written maths text into tokens.
///
/// Normalises the spellings models and people use: `×`, `·` and `÷`, Unicode minus and dashes, `**`,
/// `√`, `π`, superscript squares and cubes, vulgar fractions (`3½` is 3.5), `≤ ≥ ≠`. Currency signs, quotes and the colons of the reference's
/// `:(equation):` substitution are dropped. A comma directly followed by exactly three digits inside a number is a
/// thousands separator (`80,000`), so `1,000, 2` still reads as two items.
struct MathsLexer {
    static let maximumLength = 20_000

    static func tokenize(_ text: String) throws(MathsError) -> [MathsToken] {
        // Unicode scalars rather than Characters: the same for maths text, and far cheaper to classify.
        let chars = Array(text.unicodeScalars)
        guard chars.count <= maximumLength else {
            throw MathsError(.tooLarge, "input is \(chars.count) characters long; at most \(maximumLength) are read")
        }
        var tokens: [MathsToken] = []
        var index = 0
        var spaced = false
        func add(_ kind: MathsToken.Kind, at column: Int) {
            tokens.append(MathsToken(kind: kind, column: column + 1, spaced: spaced))
            spaced = false
        }
        while index < chars.count {
            let c = chars[index]
            let start = index
            // The colons of `:(equation):` go; any other colon (a time, a ratio) is not maths this engine reads.
            let substitutionColon = c == ":" && ((index + 1 < chars.count && chars[index + 1] == "(") || (index > 0 && chars[index - 1] == ")"))
            if c.properties.isWhitespace || ignored.contains(c) || substitutionColon {
                spaced = true
                index += 1
                continue
            }
            if isDigit(c) || (c == "." && index + 1 < chars.count && isDigit(chars[index + 1])) {
                let (value, next) = try readNumber(chars, from: index)
                add(.number(value), at: start)
                index = next
                continue
            }
            if isLetter(c) {
                var end = index
                while end < chars.count && isLetter(chars[end]) { end += 1 }
                // log10 and log2 carry their base in the name.
                for suffix in ["10", "2"] where word(chars[index..<end]).lowercased() == "log" {
                    let digits = Array(suffix.unicodeScalars)
                    if end + digits.count <= chars.count, Array(chars[end..<(end + digits.count)]) == digits,
                       !(end + digits.count < chars.count && isDigit(chars[end + digits.count])) {
                        end += digits.count
                        break
                    }
                }
                let name = word(chars[index..<end])
                if name == "R", end < chars.count, isDigit(chars[end]) {
                    var digitsEnd = end
                    while digitsEnd < chars.count && isDigit(chars[digitsEnd]) { digitsEnd += 1 }
                    throw MathsError(.syntax, "R\(word(chars[end..<digitsEnd])) at column \(start + 1) is a variable that has no value")
                }
                add(.word(name), at: start)
                index = end
                continue
            }
            index += 1
            switch c {
            case "+", "-", "/", "^", "(", ")", ",", "%", "[", "]", "{", "}", ";":
                let normal: String = switch c {
                case "[", "{": "("
                case "]", "}": ")"
                case ";": ","
                default: String(c)
                }
                add(.symbol(normal), at: start)
            case "*":
                if index < chars.count && chars[index] == "*" {
                    index += 1
                    add(.symbol("^"), at: start)
                } else {
                    add(.symbol("*"), at: start)
                }
            case "×", "·", "⋅", "∗": add(.symbol("*"), at: start)
            case "÷", "∕": add(.symbol("/"), at: start)
            case "−", "–", "—": add(.symbol("-"), at: start)
            case "π": add(.word("pi"), at: start)
            case "°": add(.word("degrees"), at: start)
            case "√": add(.word("sqrt"), at: start)
            case "²", "³":
                add(.symbol("^"), at: start)
                spaced = false
                add(.number(BigRational(c == "²" ? 2 : 3)), at: start)
            case "½", "⅓", "⅔", "¼", "¾", "⅕", "⅛":
                let fraction = vulgarFractions[c]!
                // "3½" is a mixed number, 3 + 1/2.
                if !spaced, let last = tokens.last, case .number(let whole) = last.kind, !whole.isNegative {
                    tokens[tokens.count - 1].kind = .number(whole + fraction)
                } else {
                    add(.number(fraction), at: start)
                }
            case "≤": add(.symbol("<="), at: start)
            case "≥": add(.symbol(">="), at: start)
            case "≠": add(.symbol("!="), at: start)
            case "<", ">", "=":
                if index < chars.count && chars[index] == "=" {
                    index += 1
                    add(.symbol(c == "=" ? "=" : "\(c)="), at: start)
                } else if c == "<" && index < chars.count && chars[index] == ">" {
                    index += 1
                    add(.symbol("!="), at: start)
                } else {
                    add(.symbol(String(c)), at: start)
                }
            case "!":
                if index < chars.count && chars[index] == "=" {
                    index += 1
                    add(.symbol("!="), at: start)
                } else {
                    add(.symbol("!"), at: start)
                }
            default:
                throw MathsError(.syntax, "cannot read '\(c)' at column \(start + 1)")
            }
        }
        tokens.append(MathsToken(kind: .end, column: chars.count + 1, spaced: spaced))
        return tokens
    }

    /// Reads digits with thousands separators, an optional fraction and an optional exponent (`1.5e3`).
    private static let vulgarFractions: [Unicode.Scalar: BigRational] = [
        "½": BigRational(BigInt(1), BigInt(2)), "⅓": BigRational(BigInt(1), BigInt(3)), "⅔": BigRational(BigInt(2), BigInt(3)),
        "¼": BigRational(BigInt(1), BigInt(4)), "¾": BigRational(BigInt(3), BigInt(4)), "⅕": BigRational(BigInt(1), BigInt(5)),
        "⅛": BigRational(BigInt(1), BigInt(8)),
    ]

    private static let ignored = Set("$€£¥\"'".unicodeScalars)

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c.value | 0x20) >= 97 && (c.value | 0x20) <= 122 }
        return c != "π" && c.properties.isAlphabetic
    }

    /// Known words (function names, connectives) in lower case, so `SQRT` and `Of` work; variables keep their case.
    private static func word(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let text = String(view)
        let lower = text.lowercased()
        return MathsWords.isKnown(lower) ? lower : text
    }

    private static func readNumber(_ chars: [Unicode.Scalar], from start: Int) throws(MathsError) -> (BigRational, Int) {
        func isDigit(_ i: Int) -> Bool { i < chars.count && MathsLexer.isDigit(chars[i]) }
        var text = ""
        var index = start
        while isDigit(index) {
            text.unicodeScalars.append(chars[index])
            index += 1
            // "80,000" but not "1,2" or "1,0000": exactly three digits, then no fourth.
            if index < chars.count, chars[index] == ",", isDigit(index + 1), isDigit(index + 2), isDigit(index + 3), !isDigit(index + 4) {
                index += 1
            }
        }
        if index < chars.count && chars[index] == "." && isDigit(index + 1) {
            text.append(".")
            index += 1
            while isDigit(index) { text.unicodeScalars.append(chars[index]); index += 1 }
        } else if index < chars.count && chars[index] == "." && !text.isEmpty && !(index + 1 < chars.count && chars[index + 1] == ".") {
            // "3." as in "3. " — a trailing period is punctuation, not part of the number.
            index += 1
        }
        if index < chars.count, chars[index] == "e" || chars[index] == "E" {
            var probe = index + 1
            if probe < chars.count && (chars[probe] == "+" || chars[probe] == "-") { probe += 1 }
            if isDigit(probe) {
                var end = probe
                while isDigit(end) { end += 1 }
                // "2e5" is scientific notation; "2ex" stays 2·e·x.
                if !(end < chars.count && isLetter(chars[end])) {
                    text += "e" + word(chars[(index + 1)..<end])
                    index = end
                }
            }
        }
        guard text.count <= 5_000, let value = BigRational(decimal: text) else {
            throw MathsError(.tooLarge, "the number at column \(start + 1) is too long or out of range")
        }
        return (value, index)
    }
}

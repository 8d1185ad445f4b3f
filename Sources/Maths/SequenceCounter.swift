import Foundation

/// `Count(list)`: the number of items of a comma-separated list, or of an arithmetic sequence written with `...`
/// (`1, 2, ..., 10` → 10, `3, 6, ..., 30` → 10, `1, ..., 5` → 5 with step 1). The reference's intended
/// `(last − first) / (second − first) + 1`, computed exactly; it must come out a positive whole number.
enum SequenceCounter {
    static func count(_ text: String, evaluate: (String) throws(MathsError) -> BigRational) throws(MathsError) -> String {
        var body = Substring(MathsText.trim(text))
        if let first = body.first, let last = body.last, "[({".contains(first), "])}".contains(last), enclosesAll(body) {
            body = body.dropFirst().dropLast()
        }
        var items: [String] = []
        for item in split(body) {
            // "1...10" inside one item.
            let pieces = item.replacingOccurrences(of: "…", with: "...").components(separatedBy: "...")
            for (index, piece) in pieces.enumerated() {
                if index > 0 { items.append("...") }
                let trimmed = MathsText.trim(piece)
                if !trimmed.isEmpty { items.append(trimmed) }
            }
        }
        guard !items.isEmpty else { throw MathsError(.empty, "Count needs a list such as '1, 2, 3' or '1, 2, ..., 10'") }
        guard let ellipsis = items.firstIndex(of: "...") else { return String(items.count) }
        guard ellipsis >= 1, ellipsis + 1 < items.count else {
            throw MathsError(.syntax, "a '...' sequence needs a first item before and a last item after the '...'")
        }
        let first = try evaluate(items[0])
        let step = ellipsis >= 2 ? try evaluate(items[1]) - first : .one
        let last = try evaluate(items[items.count - 1])
        if step.isZero { throw MathsError(.syntax, "the sequence does not change between its first two items") }
        let count = (last - first) / step + .one
        guard count.isInteger, count > .zero else {
            throw MathsError(.syntax, "the sequence from \(items[0]) in steps of \(MathsFormatter.number(step)) does not reach \(items[items.count - 1])")
        }
        return count.numerator.description
    }

    /// Splits on commas outside brackets; a comma between digits followed by exactly three digits is a thousands separator.
    private static func split(_ text: Substring) -> [String] {
        let chars = Array(text)
        var items: [String] = []
        var current = ""
        var depth = 0
        for (index, c) in chars.enumerated() {
            switch c {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
            if c == ",", depth == 0, !isThousandsSeparator(chars, index) {
                items.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current)
        return items.map { MathsText.trim($0) }.filter { !$0.isEmpty }
    }

    /// Whether the opening bracket at the start closes only at the end (`[1, 2]`, not `(1, 2), (3, 4)`).
    private static func enclosesAll(_ text: Substring) -> Bool {
        var depth = 0
        for (offset, c) in text.enumerated() {
            if "[({".contains(c) { depth += 1 }
            if "])}".contains(c) { depth -= 1 }
            if depth == 0 { return offset == text.count - 1 }
        }
        return false
    }

    private static func isThousandsSeparator(_ chars: [Character], _ index: Int) -> Bool {
        func digit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber }
        return digit(index - 1) && digit(index + 1) && digit(index + 2) && digit(index + 3) && !digit(index + 4)
    }
}

/// Whitespace trimming without Foundation's character sets, shared by the maths tools.
enum MathsText {
    static func trim(_ text: some StringProtocol) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }), let end = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[start...end])
    }
}

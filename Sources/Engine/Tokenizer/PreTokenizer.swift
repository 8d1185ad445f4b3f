/// The regex pre-tokenisers of byte-level BPE models, written out by hand as llama.cpp does for the common
/// patterns (`unicode_regex_split_custom_gpt2/_llama3`), over Unicode scalars.
enum PreTokenizer: Sendable, Equatable {
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    /// (LLaMA 3 with 3 digits, Qwen 2 with 1).
    case llama3(maxDigits: Int)
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    case gpt2
    /// llama.cpp's default for BPE models without a known pre-tokenizer name: punctuation runs, then the GPT-2
    /// pattern, then digit runs, then groups of three ASCII digits.
    case standard

    init(name: String?) throws {
        switch name ?? "default" {
        case "default": self = .standard
        case "llama3", "llama-bpe", "falcon3": self = .llama3(maxDigits: 3)
        case "qwen2", "deepseek-r1-qwen", "megrez": self = .llama3(maxDigits: 1)
        case "gpt-2", "gpt2", "phi-2", "jina-es", "jina-de", "roberta-bpe": self = .gpt2
        case let other:
            throw TokenizerError(
                .unsupportedPreTokenizer,
                "the BPE pre-tokenizer '\(other)' is not supported (known: default, llama-bpe, llama3, qwen2, gpt-2)")
        }
    }

    /// LLaMA 3 vocabularies add `<|begin_of_text|>` unless the file says otherwise.
    static func addsBOSByDefault(_ name: String?) -> Bool {
        name == "llama3" || name == "llama-bpe" || name == "falcon3"
    }

    /// Whether a whole pre-token that is already a vocabulary entry skips merging (`ignore_merges`).
    var ignoresMerges: Bool {
        if case .llama3(maxDigits: 3) = self { return true }
        return false
    }

    /// The pre-tokens of `text`, as ranges of its scalars.
    func split(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let whole = [0..<scalars.count]
        switch self {
        case .llama3(let maxDigits):
            return splitLlama3(scalars, whole, maxDigits: maxDigits)
        case .gpt2:
            return splitGPT2(scalars, whole)
        case .standard:
            let punctuation = splitRuns(scalars, whole) { isPunctuation($0) || "$+<=>^~|".unicodeScalars.contains($0) }
            let words = splitGPT2(scalars, punctuation)
            let numbers = splitRuns(scalars, words) { isNumber($0) }
            return splitDigitTriples(scalars, numbers)
        }
    }
}

// MARK: character classes

private func isLetter(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
    default: false
    }
}

private func isNumber(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .decimalNumber, .letterNumber, .otherNumber: true
    default: false
    }
}

private func isPunctuation(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
        .finalPunctuation, .otherPunctuation:
        true
    default: false
    }
}

private func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

private func asciiLower(_ s: Unicode.Scalar?) -> Unicode.Scalar? {
    guard let s else { return nil }
    return (65...90).contains(s.value) ? Unicode.Scalar(s.value + 32) : s
}

// MARK: splitters (each refines a list of ranges)

/// Matches runs of `inRun` as pieces and keeps the text between them as pieces too (a regex split).
private func splitRuns(_ s: [Unicode.Scalar], _ ranges: [Range<Int>], _ inRun: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
    var out: [Range<Int>] = []
    for range in ranges {
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            guard inRun(s[i]) else { i += 1; continue }
            var end = i
            while end < range.upperBound, inRun(s[end]) { end += 1 }
            if i > start { out.append(start..<i) }
            out.append(i..<end)
            start = end
            i = end
        }
        if start < range.upperBound { out.append(start..<range.upperBound) }
    }
    return out
}

private func splitDigitTriples(_ s: [Unicode.Scalar], _ ranges: [Range<Int>]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    for range in ranges {
        var start = range.lowerBound
        var i = range.lowerBound
        while i + 3 <= range.upperBound {
            if (i..<i + 3).allSatisfy({ (48...57).contains(s[$0].value) }) {
                if i > start { out.append(start..<i) }
                out.append(i..<i + 3)
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        if start < range.upperBound { out.append(start..<range.upperBound) }
    }
    return out
}

/// A cursor over one range with llama.cpp's out-of-range conventions (no flags, no scalar).
private struct Cursor {
    let s: [Unicode.Scalar]
    let end: Int

    func at(_ i: Int) -> Unicode.Scalar? { i < end ? s[i] : nil }
    func letter(_ i: Int) -> Bool { at(i).map(isLetter) ?? false }
    func number(_ i: Int) -> Bool { at(i).map(isNumber) ?? false }
    func space(_ i: Int) -> Bool { at(i).map(isWhitespace) ?? false }
    /// `[^\s\p{L}\p{N}]`, false past the end.
    func other(_ i: Int) -> Bool { at(i).map { !isWhitespace($0) && !isLetter($0) && !isNumber($0) } ?? false }
    func newline(_ i: Int) -> Bool { at(i) == "\r" || at(i) == "\n" }

    /// End of `\s+(?!\S)|\s+` for `count` spaces at `pos` (one character when there are none: no match):
    /// before a non-space the last space is left to start the next word.
    func endOfSpaces(_ pos: Int, count n: Int) -> Int {
        if n > 1, pos + n < end { return pos + n - 1 }
        return pos + max(n, 1)
    }

    /// Length of a contraction (`'s`, `'re`, …) at `i`, or 0.
    func contraction(_ i: Int, caseInsensitive: Bool) -> Int {
        guard at(i) == "'" else { return 0 }
        let lower = { (j: Int) in caseInsensitive ? asciiLower(self.at(j)) : self.at(j) }
        let a = lower(i + 1)
        if a == "s" || a == "t" || a == "m" || a == "d" { return 2 }
        let b = lower(i + 2)
        if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return 3 }
        return 0
    }
}

/// Cuts every range into consecutive pieces; `pieceEnd` returns where the piece starting at a position ends.
private func splitPieces(
    _ s: [Unicode.Scalar], _ ranges: [Range<Int>], _ pieceEnd: (Cursor, Int) -> Int
) -> [Range<Int>] {
    var out: [Range<Int>] = []
    for range in ranges {
        let c = Cursor(s: s, end: range.upperBound)
        var pos = range.lowerBound
        while pos < range.upperBound {
            let end = pieceEnd(c, pos)
            out.append(pos..<end)
            pos = end
        }
    }
    return out
}

private func splitGPT2(_ s: [Unicode.Scalar], _ ranges: [Range<Int>]) -> [Range<Int>] {
    splitPieces(s, ranges) { c, start in
        var pos = start
        let contraction = c.contraction(pos, caseInsensitive: false)
        let lead = c.at(pos) == " " ? pos + 1 : pos
        if contraction > 0 {
            pos += contraction
        } else if c.letter(lead) {
            pos = lead
            while c.letter(pos) { pos += 1 }
        } else if c.number(lead) {
            pos = lead
            while c.number(pos) { pos += 1 }
        } else if c.other(lead) {
            pos = lead
            while c.other(pos) { pos += 1 }
        } else {
            var n = 0
            while c.space(pos + n) { n += 1 }
            pos = c.endOfSpaces(pos, count: n)
        }
        return pos
    }
}

private func splitLlama3(_ s: [Unicode.Scalar], _ ranges: [Range<Int>], maxDigits: Int) -> [Range<Int>] {
    splitPieces(s, ranges) { c, start in
        var pos = start
        let cpt = s[pos]
        let contraction = c.contraction(pos, caseInsensitive: true)
        if contraction > 0 { return pos + contraction }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if !(cpt == "\r" || cpt == "\n" || isNumber(cpt)), c.letter(pos) || c.letter(pos + 1) {
            pos += 1
            while c.letter(pos) { pos += 1 }
            return pos
        }
        // \p{N}{1,maxDigits}: a longer run becomes consecutive groups
        if isNumber(cpt) {
            while pos - start < maxDigits, c.number(pos) { pos += 1 }
            return pos
        }
        // <space>?[^\s\p{L}\p{N}]+[\r\n]*
        let lead = cpt == " " ? pos + 1 : pos
        if c.other(lead) {
            pos = lead
            while c.other(pos) { pos += 1 }
            while c.newline(pos) { pos += 1 }
            return pos
        }
        var n = 0
        var lastNewlineEnd = 0
        while c.space(pos + n) {
            if c.newline(pos + n) { lastNewlineEnd = pos + n + 1 }
            n += 1
        }
        return lastNewlineEnd > 0 ? lastNewlineEnd : c.endOfSpaces(pos, count: n)  // \s*[\r\n]+ first
    }
}

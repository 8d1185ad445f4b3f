/// Finds where the items of a top-level JSON array start, so bad items can be reported by line.
/// A tiny scanner: it tracks strings (with escapes) and nesting depth, nothing else.
enum JSONItemLocator {
    /// The 1-based line on which each top-level item starts.
    static func itemStartLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        scan(bytes) { event, line in if case .itemStart = event { lines.append(line) } }
        return lines
    }

    /// The line where nesting goes wrong (a closer without an opener), else the last line
    /// reached; nil when the scanner sees nothing wrong.
    static func syntaxErrorLine(_ bytes: [UInt8]) -> Int? {
        var errorLine: Int?
        scan(bytes) { event, line in if case .unbalanced = event, errorLine == nil { errorLine = line } }
        return errorLine
    }

    enum Event { case itemStart, unbalanced }

    private static func scan(_ bytes: [UInt8], _ report: (Event, Int) -> Void) {
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var expectingItem = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false }
                else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            if expectingItem, !isSpace, byte != UInt8(ascii: "]") {
                report(.itemStart, line)
                expectingItem = false
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1, byte == UInt8(ascii: "[") { expectingItem = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { report(.unbalanced, line); depth = 0 }
            case UInt8(ascii: ","):
                if depth == 1 { expectingItem = true }
            default: break
            }
        }
        if depth != 0 || inString { report(.unbalanced, line) }
    }
}

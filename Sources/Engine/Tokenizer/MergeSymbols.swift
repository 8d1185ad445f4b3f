/// The doubly linked list of symbols that SentencePiece and BPE merging share: it starts as the UTF-8 characters
/// of a text and shrinks as the right symbol of a pair is merged into the left one.
struct MergeSymbols {
    struct Symbol {
        var start: Int32
        var length: Int32
        var prev: Int32
        var next: Int32
    }

    private(set) var symbols: [Symbol] = []

    /// One symbol per UTF-8 character (a truncated trailing sequence is one symbol, as in llama.cpp).
    init(characters bytes: UnsafeBufferPointer<UInt8>) {
        symbols.reserveCapacity(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let length = min(utf8Length(bytes[offset]), bytes.count - offset)
            let index = Int32(symbols.count)
            symbols.append(Symbol(start: Int32(offset), length: Int32(length), prev: index - 1, next: index + 1))
            offset += length
        }
        if !symbols.isEmpty { symbols[symbols.count - 1].next = -1 }
    }

    var count: Int { symbols.count }

    subscript(_ index: Int32) -> Symbol { symbols[Int(index)] }

    /// Byte range of a symbol's text.
    func range(_ index: Int32) -> Range<Int> {
        let s = symbols[Int(index)]
        return Int(s.start)..<Int(s.start + s.length)
    }

    /// Merges `right` into its left neighbour `left` and unlinks it.
    mutating func merge(_ left: Int32, _ right: Int32) {
        let r = symbols[Int(right)]
        symbols[Int(left)].length += r.length
        symbols[Int(right)].length = 0
        symbols[Int(left)].next = r.next
        if r.next >= 0 { symbols[Int(r.next)].prev = left }
    }

    /// The byte ranges of the remaining symbols, in order.
    var remaining: [Range<Int>] {
        var out: [Range<Int>] = []
        var i: Int32 = symbols.isEmpty ? -1 : 0
        while i != -1 {
            out.append(range(i))
            i = symbols[Int(i)].next
        }
        return out
    }
}

/// Length of a UTF-8 sequence from its lead byte (1 for stray continuation bytes, as llama.cpp does).
@inline(__always)
func utf8Length(_ lead: UInt8) -> Int {
    switch lead >> 4 {
    case 0xC, 0xD: 2
    case 0xE: 3
    case 0xF: 4
    default: 1
    }
}

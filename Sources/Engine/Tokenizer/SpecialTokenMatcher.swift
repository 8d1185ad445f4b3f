/// Splits text into raw fragments and special tokens the way llama.cpp's `tokenizer_st_partition` does.
///
/// llama.cpp takes the special tokens longest first and, for each, claims every occurrence inside the text that
/// is still raw. Scanning the text once per special token would cost 6,414 passes on Gemma; instead a byte trie
/// finds every occurrence of every special token in one pass, and the occurrences are then claimed in
/// llama.cpp's order (longer first, then vocabulary order, then left to right), which gives the same fragments.
struct SpecialTokenMatcher: Sendable {
    enum Fragment: Equatable {
        case raw(Range<Int>)
        case token(Int32)
    }

    private struct Candidate {
        var start: Int
        var length: Int
        var token: Int32
    }

    /// Trie edges keyed by `node << 8 | byte`; node 0 is the root.
    private var edges: [Int: Int32] = [:]
    /// Per node, the special token ending there (or -1), and whether it is matched without `parseSpecial`.
    private var terminal: [Int32] = [-1]
    private var alwaysMatched: [Bool] = [false]

    init(tokens: ByteStringTable, types: [TokenType]) {
        for id in 0..<types.count where types[id].isSpecial && tokens.length(id) > 0 {
            var node = 0
            for byte in tokens.bytes(id) {
                let key = node << 8 | Int(byte)
                if let next = edges[key] {
                    node = Int(next)
                } else {
                    terminal.append(-1)
                    alwaysMatched.append(false)
                    edges[key] = Int32(terminal.count - 1)
                    node = terminal.count - 1
                }
            }
            // Duplicate texts: the last id wins, as in llama.cpp's text-to-id map.
            terminal[node] = Int32(id)
            alwaysMatched[node] = types[id] == .userDefined
        }
    }

    var isEmpty: Bool { terminal.count == 1 }

    /// The fragments of `text`, in order. Control and unknown tokens are only matched when `parseSpecial`;
    /// user-defined tokens always are.
    func partition(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        if text.isEmpty { return [] }
        if isEmpty { return [.raw(0..<text.count)] }
        var candidates: [Candidate] = []
        for start in 0..<text.count {
            var node = 0
            var position = start
            while position < text.count, let next = edges[node << 8 | Int(text[position])] {
                node = Int(next)
                position += 1
                let token = terminal[node]
                if token >= 0, parseSpecial || alwaysMatched[node] {
                    candidates.append(Candidate(start: start, length: position - start, token: token))
                }
            }
        }
        if candidates.isEmpty { return [.raw(0..<text.count)] }
        candidates.sort {
            if $0.length != $1.length { return $0.length > $1.length }
            if $0.token != $1.token { return $0.token < $1.token }
            return $0.start < $1.start
        }
        var claimed = [Bool](repeating: false, count: text.count)
        var accepted: [Candidate] = []
        for c in candidates where !(c.start..<(c.start + c.length)).contains(where: { claimed[$0] }) {
            for i in c.start..<(c.start + c.length) { claimed[i] = true }
            accepted.append(c)
        }
        accepted.sort { $0.start < $1.start }
        var fragments: [Fragment] = []
        var position = 0
        for c in accepted {
            if c.start > position { fragments.append(.raw(position..<c.start)) }
            fragments.append(.token(c.token))
            position = c.start + c.length
        }
        if position < text.count { fragments.append(.raw(position..<text.count)) }
        return fragments
    }
}

/// Byte-level BPE of one pre-token (llama.cpp's `llm_tokenizer_bpe_session`): start from the characters of the
/// byte-mapped text and repeatedly merge the adjacent pair with the lowest merge rank, leftmost on ties.
struct BPEEncoder: Sendable {
    private struct Bigram: HeapOrdered {
        var rank: Int32
        var left: Int32
        var right: Int32
        var leftLength: Int32
        var rightLength: Int32

        static func precedes(_ a: Bigram, _ b: Bigram) -> Bool {
            a.rank < b.rank || (a.rank == b.rank && a.left < b.left)
        }
    }

    let tokens: ByteStringTable
    /// `"left right"` → rank.
    let merges: ByteStringTable
    let ignoreMerges: Bool

    /// Appends the tokens of one pre-token given as its byte-mapped UTF-8 text.
    func encode(_ word: [UInt8], into output: inout [Int32]) {
        guard !word.isEmpty else { return }
        if ignoreMerges, let token = tokens.find(word) {
            output.append(token)
            return
        }
        word.withUnsafeBufferPointer { bytes in
            var symbols = MergeSymbols(characters: bytes)
            var queue = BinaryHeap<Bigram>(capacity: symbols.count)
            var key: [UInt8] = []
            func addBigram(_ left: Int32, _ right: Int32) {
                guard left >= 0, right >= 0 else { return }
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[symbols.range(left)]))
                key.append(UInt8(ascii: " "))
                key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[symbols.range(right)]))
                guard let rank = merges.find(key) else { return }
                queue.push(
                    Bigram(
                        rank: rank, left: left, right: right, leftLength: symbols[left].length,
                        rightLength: symbols[right].length))
            }
            for i in 1..<symbols.count { addBigram(Int32(i - 1), Int32(i)) }

            while let bigram = queue.pop() {
                let (left, right) = (symbols[bigram.left], symbols[bigram.right])
                // Symbols only grow, and start where they started: equal lengths mean the same texts.
                guard left.length == bigram.leftLength, right.length == bigram.rightLength, left.next == bigram.right
                else { continue }
                symbols.merge(bigram.left, bigram.right)
                addBigram(symbols[bigram.left].prev, bigram.left)
                addBigram(bigram.left, symbols[bigram.left].next)
            }

            for range in symbols.remaining {
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                if let token = tokens.find(piece) {
                    output.append(token)
                } else {
                    // As llama.cpp: single bytes that happen to be tokens, the rest dropped.
                    for byte in piece { if let t = tokens.find([byte]) { output.append(t) } }
                }
            }
        }
    }
}

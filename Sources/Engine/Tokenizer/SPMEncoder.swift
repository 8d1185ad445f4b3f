/// SentencePiece-style merging of one raw fragment (llama.cpp's `llm_tokenizer_spm_session`): start from UTF-8
/// characters and repeatedly merge the adjacent pair whose concatenation is the highest-scoring vocabulary entry,
/// using a priority queue so a fragment of n characters costs O(n log n).
struct SPMEncoder: Sendable {
    private struct Bigram: HeapOrdered {
        var score: Float
        var left: Int32
        var right: Int32
        var size: Int32

        /// Highest score first; on ties the leftmost pair.
        static func precedes(_ a: Bigram, _ b: Bigram) -> Bool {
            a.score > b.score || (a.score == b.score && a.left < b.left)
        }
    }

    let tokens: ByteStringTable
    let scores: [Float]
    /// The token for each byte value (`<0xXX>`, else the one-byte text, else unknown), for byte fallback.
    let byteTokens: [Int32?]

    init(tokens: ByteStringTable, scores: [Float], unknown: Int32?) {
        self.tokens = tokens
        self.scores = scores
        let hex = Array("0123456789ABCDEF".utf8)
        byteTokens = (0..<256).map { byte in
            let name: [UInt8] = Array("<0x".utf8) + [hex[byte >> 4], hex[byte & 15], UInt8(ascii: ">")]
            return tokens.find(name) ?? tokens.find([UInt8(byte)]) ?? unknown
        }
    }

    /// Appends the tokens of `text` (already escaped: spaces are `▁`).
    func encode(_ text: [UInt8], into output: inout [Int32]) {
        guard !text.isEmpty else { return }
        text.withUnsafeBufferPointer { bytes in
            var symbols = MergeSymbols(characters: bytes)
            var queue = BinaryHeap<Bigram>(capacity: symbols.count)
            func tryAddBigram(_ left: Int32, _ right: Int32) {
                guard left >= 0, right >= 0 else { return }
                let range = symbols.range(left).lowerBound..<symbols.range(right).upperBound
                guard let token = tokens.find(UnsafeBufferPointer(rebasing: bytes[range])) else { return }
                queue.push(Bigram(score: scores[Int(token)], left: left, right: right, size: Int32(range.count)))
            }
            for i in 1..<symbols.count { tryAddBigram(Int32(i - 1), Int32(i)) }

            while let bigram = queue.pop() {
                let (left, right) = (symbols[bigram.left], symbols[bigram.right])
                // Skip pairs whose symbols were merged away or grew since the pair was queued.
                guard left.length > 0, right.length > 0, left.length + right.length == bigram.size else { continue }
                symbols.merge(bigram.left, bigram.right)
                tryAddBigram(symbols[bigram.left].prev, bigram.left)
                tryAddBigram(bigram.left, symbols[bigram.left].next)
            }

            // Every merged symbol is a vocabulary entry; what is left unmerged and unknown falls back to bytes.
            for range in symbols.remaining {
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                if let token = tokens.find(piece) {
                    output.append(token)
                } else {
                    for byte in piece { if let t = byteTokens[Int(byte)] { output.append(t) } }
                }
            }
        }
    }
}

/// Turns generated tokens into text as they arrive without ever emitting broken UTF-8: bytes of a character split
/// across byte tokens are held back until the character is complete. Bytes that can never form a character
/// (a stray continuation byte, 0xFF) are emitted as U+FFFD rather than held forever.
public struct StreamingDecoder: Sendable {
    public let tokenizer: Tokenizer
    public let renderSpecial: Bool
    private var pending: [UInt8] = []

    public init(tokenizer: Tokenizer, renderSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.renderSpecial = renderSpecial
    }

    /// Adds one token and returns the text that is now complete (possibly empty).
    public mutating func append(_ token: Int32) -> String {
        pending += tokenizer.piece(token, renderSpecial: renderSpecial)
        let complete = Self.completePrefixLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[0..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is held back (an incomplete character becomes U+FFFD) and resets.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Whether bytes are being held back for an incomplete character.
    public var hasPendingBytes: Bool { !pending.isEmpty }

    /// The length of the longest prefix that ends at a character boundary: everything except a trailing sequence
    /// that is a valid but unfinished start of a character.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        // An unfinished character is at most 3 bytes, so only the tail needs examining.
        let tailStart = max(0, bytes.count - 3)
        for start in stride(from: bytes.count - 1, through: tailStart, by: -1) {
            let lead = bytes[start]
            guard lead >= 0xC0 else { continue }  // ASCII or continuation byte: keep looking for a lead
            let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            let have = bytes.count - start
            let continuationsValid = bytes[(start + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
            if have < need, continuationsValid, lead < 0xF5 { return start }
            return bytes.count
        }
        return bytes.count
    }
}

/// GPT-2's reversible byte ↔ printable-character mapping used by byte-level BPE vocabularies: bytes 0x21–0x7E,
/// 0xA1–0xAC and 0xAE–0xFF stand for themselves, the other 68 map to U+0100… in byte order (space → `Ġ`).
enum ByteLevel {
    /// UTF-8 of the character standing for each byte.
    static let encoded: [[UInt8]] = {
        var next: UInt32 = 256
        return (0..<256).map { byte -> [UInt8] in
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            let scalar: UInt32
            if printable {
                scalar = UInt32(byte)
            } else {
                scalar = next
                next += 1
            }
            return Array(String(Unicode.Scalar(scalar)!).utf8)
        }
    }()

    /// The byte each mapped character stands for, indexed by scalar value (< 0x144).
    static let decoded: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for byte in 0..<256 {
            let scalar = String(decoding: encoded[byte], as: UTF8.self).unicodeScalars.first!.value
            table[Int(scalar)] = Int16(byte)
        }
        return table
    }()

    static func encode(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes { out.append(contentsOf: encoded[Int(byte)]) }
        return out
    }

    /// The bytes a vocabulary entry stands for; characters outside the table pass through as UTF-8.
    static func decode(_ text: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: Array(text), as: UTF8.self).unicodeScalars {
            let value = Int(scalar.value)
            if value < decoded.count, decoded[value] >= 0 {
                out.append(UInt8(decoded[value]))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }
}

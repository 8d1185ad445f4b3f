import Foundation
/// Writes JSON exactly as Python's `json.dumps` does with its defaults (`", "` and `": "`
/// separators, `ensure_ascii=True`), so mined files are byte-compatible with Lumos's own
/// `process_for_train.py` output.
enum PythonJSON {
    /// One training line: `{"dataset": …, "id": …, "messages": [{"role": …, "content": …}, …]}`.
    static func line(dataset: String, id: String, messages: [AnnotationMessage]) -> String {
        let rendered = messages.map { "{\"role\": \(string($0.role.rawValue)), \"content\": \(string($0.content))}" }
        return "{\"dataset\": \(string(dataset)), \"id\": \(string(id)), \"messages\": [\(rendered.joined(separator: ", "))]}"
    }

    /// A JSON string literal with Python's escaping: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`,
    /// and `\uXXXX` (lower-case hex, surrogate pairs) for everything outside space…tilde.
    static func string(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}

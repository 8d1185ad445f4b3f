import Foundation

/// A value in the execution module's variable table (`R1`, `R2`, …). Most tools return text;
/// `KnowledgeQuery` returns a list of `title *** text` entries (lumos-spec §7.2).
public enum VariableValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case text(String)
    case list([String])

    /// Python's `str(value)`, which the reference uses when it pastes a value into text.
    public var description: String {
        switch self {
        case .text(let text): text
        case .list(let items): "[" + items.map(Self.pythonRepr).joined(separator: ", ") + "]"
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    static func pythonRepr(_ text: String) -> String {
        let quote = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = quote
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "'" where quote == "'": out += "\\'"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + quote
    }
}

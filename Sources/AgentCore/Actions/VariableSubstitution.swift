import Foundation

/// Variable substitution (lumos-spec §6.5): references `R<digits>` in an action's arguments are
/// replaced by their values before the tool runs.
public enum VariableSubstitution {
    public struct MissingVariable: Error, Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var description: String { "The variable \(name) has no value yet." }
    }

    /// `regex("R[0-9]+").findall(text)`: in order of appearance, duplicates included.
    public static func references(in text: String) -> [String] {
        tokens(in: text).compactMap { $0.isVariable ? $0.text : nil }
    }

    /// `isfunc`: an `R<digits>(` call such as `R4(R5, R6)`.
    public static func isFunctionCall(_ text: String) -> Bool {
        let pieces = tokens(in: text)
        for (i, piece) in pieces.enumerated() where piece.isVariable {
            if i + 1 < pieces.count, pieces[i + 1].text.hasPrefix("(") { return true }
        }
        return false
    }

    /// `hasOps`: any of `* / + - ^` in the original arguments.
    public static func hasOperators(_ text: String) -> Bool {
        text.contains { "*/+-^".contains($0) }
    }

    /// The maths form (§6.5 table): raw value for calls and operator-free arguments, `:(eq):` for
    /// equations, `(value)` otherwise.
    public static func maths(
        _ arguments: String, table: [String: VariableValue], deviations: ReferenceDeviations
    ) throws(MissingVariable) -> String {
        let raw = isFunctionCall(arguments) || !hasOperators(arguments)
        return try substitute(arguments, table: table, deviations: deviations) { value in
            let text = value.description
            if raw { return text }
            return text.contains("=") ? ":(" + text + "):" : "(" + text + ")"
        }
    }

    /// Complex QA: `KnowledgeQuery` pastes `str(value)`, `Calculator` pastes `str(value) + "."`.
    public static func qa(
        _ arguments: String, table: [String: VariableValue], deviations: ReferenceDeviations, suffix: String = ""
    ) throws(MissingVariable) -> String {
        try substitute(arguments, table: table, deviations: deviations) { $0.description + suffix }
    }

    static func substitute(
        _ arguments: String, table: [String: VariableValue], deviations: ReferenceDeviations,
        form: (VariableValue) -> String
    ) throws(MissingVariable) -> String {
        if deviations.contains(.wholeVariableSubstitution) {
            var out = ""
            for piece in tokens(in: arguments) {
                if piece.isVariable {
                    guard let value = table[piece.text] else { throw MissingVariable(name: piece.text) }
                    out += form(value)
                } else {
                    out += piece.text
                }
            }
            return out
        }
        // The reference: `str.replace` variable by variable, prefix collisions included.
        var out = arguments
        for name in references(in: arguments) {
            guard let value = table[name] else { throw MissingVariable(name: name) }
            out = out.replacingAll(name, with: form(value))
        }
        return out
    }

    struct Token {
        var text: String
        var isVariable: Bool
    }

    /// Splits text into maximal `R<digits>` runs and the text between them.
    static func tokens(in text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var result: [Token] = []
        var plain = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "R", i + 1 < scalars.count, ("0"..."9").contains(scalars[i + 1]) {
                var j = i + 1
                while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
                if !plain.isEmpty { result.append(Token(text: String(plain), isVariable: false)) }
                plain = String.UnicodeScalarView()
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[i..<j])
                result.append(Token(text: String(name), isVariable: true))
                i = j
            } else {
                plain.append(scalars[i])
                i += 1
            }
        }
        if !plain.isEmpty { result.append(Token(text: String(plain), isVariable: false)) }
        return result
    }
}

extension String {
    /// Python's `str.replace(old, new)` on code points (no Unicode canonical-equivalence matching).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let source = Array(unicodeScalars)
        let pattern = Array(target.unicodeScalars)
        guard !pattern.isEmpty else { return self }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < source.count {
            if i + pattern.count <= source.count, Array(source[i..<(i + pattern.count)]) == pattern {
                out.append(contentsOf: replacement.unicodeScalars)
                i += pattern.count
            } else {
                out.append(source[i])
                i += 1
            }
        }
        return String(out)
    }
}

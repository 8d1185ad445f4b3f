import Foundation

/// Markup built by the server. Every value that did not come from this module (model text,
/// questions, task ids, errors, queue names) goes in through `escape`, so a completion holding
/// `<script>` or `onerror=` shows as text and never as markup.
public struct HTML: Sendable, CustomStringConvertible {
    public private(set) var text: String

    public init(raw: String = "") { text = raw }

    public var description: String { text }

    /// Appends trusted markup written in this module.
    public mutating func raw(_ markup: String) { text += markup }

    /// Appends untrusted text, escaped for element content and quoted attribute values.
    public mutating func text(_ value: String) { text += HTML.escape(value) }

    public mutating func append(_ other: HTML) { text += other.text }

    /// `<tag attributes>escaped text</tag>`; `attributes` is trusted markup.
    public mutating func element(_ tag: String, _ value: String, attributes: String = "") {
        text += "<\(tag)\(attributes.isEmpty ? "" : " " + attributes)>\(HTML.escape(value))</\(tag)>"
    }

    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A value for a query string or path segment.
    public static func urlComponent(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// An escaped `href` attribute from path segments and query items.
    public static func link(_ path: String, _ query: [(String, String?)] = []) -> String {
        let items = query.compactMap { key, value in value.map { "\(key)=\(urlComponent($0))" } }
        return escape(items.isEmpty ? path : path + "?" + items.joined(separator: "&"))
    }
}

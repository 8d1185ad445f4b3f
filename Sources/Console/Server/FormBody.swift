import Foundation

/// An `application/x-www-form-urlencoded` body (what an HTML form POSTs).
struct FormBody {
    private(set) var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            fields[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    subscript(_ key: String) -> String? { fields[key] }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

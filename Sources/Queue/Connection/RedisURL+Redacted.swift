import Foundation

/// Redis URLs as they may appear in logs, errors and status output: never with the password.
extension RedisURL {
    /// This URL with the password replaced by `***` (the same text as `description`).
    public var redacted: String { description }

    /// A URL string as given on a command line or in the environment, with any password replaced
    /// by `***` — also when the text does not parse, so even an error message about it is safe to print.
    public static func redacted(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://") {
            let authorityEnd = result[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? result.endIndex
            if let at = result[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") {
                let userInfo = result[schemeEnd.upperBound..<at]
                let shown = userInfo.firstIndex(of: ":").map { "\(userInfo[..<$0]):***" } ?? "***"
                result.replaceSubrange(schemeEnd.upperBound..<at, with: shown)
            }
        }
        if let query = result.firstIndex(of: "?") {
            let pairs = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1)
                let name = parts.first?.lowercased() ?? ""
                return name == "password" || name == "sentinel_password" ? "\(parts[0])=***" : String(pair)
            }
            result = String(result[...query]) + pairs.joined(separator: "&")
        }
        return result
    }
}

import Foundation

/// The console's one secret: given by the caller (the command line reads it from the environment), or made at start-up and printed.
/// A browser presents it once (`/login?token=…`) and then carries it in an HttpOnly,
/// SameSite=Strict cookie, so other sites cannot make it send a state change (CSRF).
public struct AccessToken: Sendable {
    public let value: String
    static let cookieName = "lumos_console"

    public init(_ value: String) { self.value = value }

    /// 32 random bytes as hex.
    public static func generate() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return AccessToken(String((0..<64).map { _ in digits[Int(generator.next() % 16)] }))
    }

    /// Compares in time independent of where the texts differ.
    func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let a = Array(value.utf8), b = Array(candidate.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// The token a request carries: `Authorization: Bearer …`, else the session cookie.
    static func presented(authorization: String?, cookie: String?) -> String? {
        if let authorization, authorization.hasPrefix("Bearer ") { return String(authorization.dropFirst(7)) }
        guard let cookie else { return nil }
        for part in cookie.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == cookieName { return String(pair[1]) }
        }
        return nil
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resolves a URL's host and decides whether the agent may connect to it. Model-written text
/// reaches the network tools, so loopback, private and link-local targets are refused unless the
/// operator allows them; the checked addresses are then pinned so a second DNS answer cannot
/// point the request elsewhere.
public struct NetworkPolicy: Sendable, Hashable {
    public var allowPrivateNetworks: Bool

    public init(allowPrivateNetworks: Bool) {
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    public struct Target: Sendable, Hashable {
        public var scheme: String
        public var host: String
        public var port: Int
        /// Numeric addresses the request may use.
        public var addresses: [String]
    }

    public func check(_ urlString: String) throws(HTTPError) -> Target {
        guard let components = URLComponents(string: urlString), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw HTTPError(.invalidURL, "\(urlString.debugDescription) is not an absolute http(s) URL.")
        }
        guard scheme == "http" || scheme == "https" else {
            throw HTTPError(.invalidURL, "Only http and https URLs are allowed, not \(scheme).")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let addresses = try Self.resolve(bareHost, port: port)
        if !allowPrivateNetworks {
            for address in addresses where Self.isPrivate(address) {
                throw HTTPError(.refusedAddress, "\(host) resolves to \(address), a loopback, private or link-local address; allow private networks to reach it.")
            }
        }
        return Target(scheme: scheme, host: bareHost, port: port, addresses: addresses)
    }

    static func resolve(_ host: String, port: Int) throws(HTTPError) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw HTTPError(.resolveFailed, "Cannot resolve \(host): \(String(cString: gai_strerror(status))).")
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            node = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw HTTPError(.resolveFailed, "\(host) has no usable address.") }
        return addresses
    }

    /// Loopback, RFC 1918, CGNAT, link-local, unspecified, and IPv6 ULA/link-local/mapped forms.
    static func isPrivate(_ address: String) -> Bool {
        if address.contains(":") {
            let lower = address.lowercased()
            if lower == "::1" || lower == "::" { return true }
            if lower.hasPrefix("::ffff:") { return isPrivate(String(lower.dropFirst(7))) }
            if lower.hasPrefix("fc") || lower.hasPrefix("fd") { return true }
            if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") { return true }
            return false
        }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return true }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (0, _): return true
        case (172, 16...31), (192, 168), (169, 254): return true
        case (100, 64...127): return true
        default: return false
        }
    }
}

import Foundation

/// Where a Redis server is and how to log in: parsed from
/// `redis://[user:password@]host[:port][/db]`, `unix:///path/to/redis.sock[?db=N&user=U&password=P]`, or
/// `redis+sentinel://[user:password@]host1:26379,host2:26379/MASTER_NAME[?sentinel_password=P&db=N]`
/// (the master is asked of the sentinels at every connect, so a failover is followed).
///
/// `rediss://` (TLS) is refused: the hiredis build on this platform has no TLS support.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unix(path: String)
        case sentinel(SentinelSet)
    }

    public var endpoint: Endpoint
    /// ACL user name; `nil` means the default user (`AUTH password`).
    public var user: String?
    public var password: String?
    public var database: Int

    public init(endpoint: Endpoint, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses a URL string; throws ``QueueError`` `.malformedURL` or `.unsupportedScheme` with the
    /// expected forms. The password never appears in the message.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw Self.malformed("it has no scheme")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "redis":
            self = try Self.parseTCP(rest)
        case "unix":
            self = try Self.parseUnix(rest)
        case "redis+sentinel":
            self = try Self.parseSentinel(rest)
        case "rediss":
            throw QueueError(.unsupportedScheme,
                "rediss:// (TLS) is not supported by this build (hiredis 0.14 without TLS); use redis:// on a trusted network, a unix:// socket, or a TLS tunnel such as stunnel.")
        default:
            throw Self.malformed("the scheme '\(scheme)' is not redis or unix")
        }
    }

    /// redis://127.0.0.1:6379, for tools that talk to an existing server when nothing is configured.
    public static let localDefault = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: 6379))

    public var description: String {
        var auth = ""
        if let user { auth = "\(user):***@" } else if password != nil { auth = ":***@" }
        switch endpoint {
        case let .tcp(host, port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "redis://\(auth)\(shownHost):\(port)" + (database == 0 ? "" : "/\(database)")
        case let .unix(path):
            return "unix://\(path)" + (database == 0 ? "" : "?db=\(database)")
        case let .sentinel(set):
            let hosts = set.hosts.map { ($0.host.contains(":") ? "[\($0.host)]" : $0.host) + ":\($0.port)" }.joined(separator: ",")
            var query: [String] = []
            if set.password != nil { query.append("sentinel_password=***") }
            if database != 0 { query.append("db=\(database)") }
            return "redis+sentinel://\(auth)\(hosts)/\(set.masterName)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
    }

    private static func malformed(_ reason: String) -> QueueError {
        QueueError(.malformedURL,
            "The Redis URL is malformed: \(reason). Use redis://[user:password@]host:port[/db], unix:///path/to/redis.sock[?db=N] or redis+sentinel://[user:password@]host:26379[,host:26379…]/MASTER_NAME.")
    }

    private static func parseTCP(_ rest: String) throws -> RedisURL {
        var hostPart = rest
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let auth = String(rest[..<at])
            hostPart = String(rest[rest.index(after: at)...])
            if let colon = auth.firstIndex(of: ":") {
                let u = String(auth[..<colon])
                user = u.isEmpty ? nil : try decode(u, what: "user name")
                password = try decode(String(auth[auth.index(after: colon)...]), what: "password")
            } else if !auth.isEmpty {
                // `redis://secret@host` is the common shorthand for a password without a user.
                password = try decode(auth, what: "password")
            }
        }
        var database = 0
        if let slash = hostPart.firstIndex(of: "/") {
            let dbText = String(hostPart[hostPart.index(after: slash)...])
            hostPart = String(hostPart[..<slash])
            if !dbText.isEmpty {
                guard let db = Int(dbText), db >= 0 else { throw malformed("the database after '/' is not a number ≥ 0") }
                database = db
            }
        }
        if hostPart.contains("?") { throw malformed("query parameters are only supported for unix:// URLs") }
        var host = hostPart
        var port = 6379
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw malformed("an IPv6 address is missing its ']'") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { port = try parsePort(String(after.dropFirst())) }
            else if !after.isEmpty { throw malformed("unexpected text after the IPv6 address") }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            port = try parsePort(String(hostPart[hostPart.index(after: colon)...]))
        }
        guard !host.isEmpty else { throw malformed("the host is missing") }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" || $0 == ":" }) else {
            throw malformed("the host contains characters a host name cannot have")
        }
        return RedisURL(endpoint: .tcp(host: host, port: port), user: user, password: password, database: database)
    }

    private static func parseSentinel(_ rest: String) throws -> RedisURL {
        var text = rest
        var query = ""
        if let q = text.firstIndex(of: "?") {
            query = String(text[text.index(after: q)...])
            text = String(text[..<q])
        }
        guard let slash = text.firstIndex(of: "/") else { throw malformed("a sentinel URL needs the master's name after the hosts (…:26379/mymaster)") }
        let master = try decode(String(text[text.index(after: slash)...]), what: "master name")
        guard !master.isEmpty, !master.contains("/") else { throw malformed("the master name after the hosts is missing or contains '/'") }
        // The host list goes through the redis:// parser one host at a time, for the same checks.
        let authority = String(text[..<slash])
        var auth = ""
        var hostList = authority
        if let at = authority.lastIndex(of: "@") {
            auth = String(authority[...at])
            hostList = String(authority[authority.index(after: at)...])
        }
        var hosts: [SentinelSet.Host] = []
        var first: RedisURL?
        for part in hostList.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw malformed("the sentinel host list has an empty entry") }
            let spelled = part.contains(":") && !(part.hasPrefix("[") && part.hasSuffix("]")) ? String(part) : "\(part):\(SentinelSet.defaultPort)"
            let parsed = try parseTCP((hosts.isEmpty ? auth : "") + spelled)
            if first == nil { first = parsed }
            guard case let .tcp(host, port) = parsed.endpoint else { continue }
            hosts.append(SentinelSet.Host(host: host, port: port))
        }
        var url = RedisURL(
            endpoint: .sentinel(SentinelSet(hosts: hosts, masterName: master)), user: first?.user, password: first?.password)
        var set = SentinelSet(hosts: hosts, masterName: master)
        for (name, value) in try parameters(query, known: ["db", "sentinel_password"]) {
            if name == "db" { url.database = try databaseNumber(value) } else { set.password = value }
        }
        url.endpoint = .sentinel(set)
        return url
    }

    private static func parseUnix(_ rest: String) throws -> RedisURL {
        var path = rest
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            path = String(rest[..<q])
            query = String(rest[rest.index(after: q)...])
        }
        guard path.hasPrefix("/") else { throw malformed("a unix socket URL needs an absolute path (unix:///path/to/redis.sock)") }
        var url = RedisURL(endpoint: .unix(path: path))
        for (name, value) in try parameters(query, known: ["db", "user", "password"]) {
            switch name {
            case "db": url.database = try databaseNumber(value)
            case "password": url.password = value
            default: url.user = value
            }
        }
        return url
    }

    /// The `name=value` pairs of a query, %-decoded; a name outside `known` is an error listing them.
    private static func parameters(_ query: String, known: [String]) throws -> [(String, String)] {
        try query.split(separator: "&").filter { !$0.isEmpty }.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard known.contains(parts[0]) else {
                throw malformed("the query parameter '\(parts[0])' is unknown (\(known.joined(separator: ", ")) are supported)")
            }
            return (parts[0], parts.count == 2 ? try decode(parts[1], what: parts[0]) : "")
        }
    }

    private static func databaseNumber(_ text: String) throws -> Int {
        guard let db = Int(text), db >= 0 else { throw malformed("the db parameter is not a number ≥ 0") }
        return db
    }

    private static func parsePort(_ text: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            // The text is not echoed: in a URL missing its '@' it could be part of a password.
            throw malformed("the port is not a number from 1 to 65535")
        }
        return port
    }

    private static func decode(_ text: String, what: String) throws -> String {
        guard let decoded = text.removingPercentEncoding else { throw malformed("the \(what) has a broken %-escape") }
        return decoded
    }
}

import Foundation

/// Asks the sentinels, in turn, where the master of a `SentinelSet` is (`SENTINEL
/// get-master-addr-by-name`), as redis-py's and ioredis's sentinel clients do. The first sentinel that
/// knows the master answers; one that is down or refuses is skipped, and the error, when none
/// answers, says what each one did.
enum SentinelResolver {
    static func master(of set: SentinelSet, options: ConnectionOptions, url: RedisURL) throws -> (host: String, port: Int) {
        var notes: [String] = []
        var unknownName = false
        let once = ConnectionOptions(
            connectTimeout: options.connectTimeout, commandTimeout: min(options.commandTimeout, 5), reconnectAttempts: 0)
        for sentinel in set.hosts {
            let at = "\(sentinel.host):\(sentinel.port)"
            do {
                let connection = try RedisConnection(
                    url: RedisURL(endpoint: .tcp(host: sentinel.host, port: sentinel.port), password: set.password), options: once)
                defer { connection.close() }
                let reply = try connection.send(RedisCommand("SENTINEL", "get-master-addr-by-name", set.masterName))
                switch reply {
                case let .array(parts) where parts.count == 2:
                    if let host = parts[0].string, let port = parts[1].int { return (host, port) }
                    notes.append("\(at): an unexpected reply")
                case .null:
                    unknownName = true
                    notes.append("\(at): no master named '\(set.masterName)'")
                case let .error(text):
                    notes.append("\(at): \(text.prefix(120))")
                default:
                    notes.append("\(at): an unexpected reply")
                }
            } catch let error as QueueError {
                notes.append("\(at): \(error.code.rawValue)")
            }
        }
        if unknownName {
            throw QueueError(.malformedURL,
                "No sentinel of \(url) knows a master named '\(set.masterName)' (\(notes.joined(separator: "; "))). Put the name the sentinels monitor (SENTINEL MASTERS lists them) after the hosts in the URL.")
        }
        throw QueueError(.connectionRefused,
            "No sentinel of \(url) said where the master is (\(notes.joined(separator: "; "))). Start the sentinels, or fix their hosts, ports or sentinel_password in the URL.")
    }
}

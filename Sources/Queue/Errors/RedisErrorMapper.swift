/// Turns hiredis connect errors and Redis error replies into ``QueueError``s that say what to do.
enum RedisErrorMapper {
    static func connectError(reason: String, url: RedisURL) -> QueueError {
        let lower = reason.lowercased()
        if lower.contains("timed out") || lower.contains("temporarily unavailable") || lower.contains("in progress") {
            return QueueError(.connectionTimeout,
                "Connecting to Redis at \(url) timed out (\(reason)). Is the host reachable and redis-server running? Start it, or use the Redis URL of a running server.")
        }
        return QueueError(.connectionRefused,
            "Could not connect to Redis at \(url) (\(reason)). Is redis-server running? Start it, or use the Redis URL of a running server.")
    }

    static func error(for reply: String, command: String, url: RedisURL) -> QueueError {
        // Errors raised inside a script carry the script location after the original text; keep
        // only the first line, which never includes command arguments.
        let text = reply.split(separator: "\n").first.map(String.init) ?? reply
        if text.hasPrefix("WRONGPASS") || text.contains("invalid password") || text.contains("invalid username-password") {
            let who = url.user.map { "user '\($0)'" } ?? "the default user"
            return QueueError(.authenticationFailed,
                "Redis at \(url) refused the password for \(who) (\(text.prefix(60))). Check the user and password in the Redis URL.")
        }
        if text.hasPrefix("NOAUTH") {
            return QueueError(.authenticationFailed,
                "Redis at \(url) requires a password (NOAUTH). Put it in the URL: redis://[user:]password@host:port, or unix:///path.sock?password=….")
        }
        if text.contains("AUTH") && text.contains("without any password configured") {
            return QueueError(.authenticationFailed,
                "Redis at \(url) has no password set but the URL carries one. Remove the password from the Redis URL or configure requirepass on the server.")
        }
        if text.hasPrefix("NOPERM") || text.contains("NOPERM") {
            return QueueError(.permissionDenied,
                "The Redis user in \(url) may not run \(command) (NOPERM). Grant it with ACL SETUSER (the queue needs +@all on its key prefix, or at least scripting, hash, list, sorted set and stream commands).")
        }
        if text.contains("WRONGTYPE") {
            return QueueError(.wrongType,
                "A Redis key used by \(command) holds the wrong kind of value (WRONGTYPE). Another program is using the same key names: choose another key prefix or database, or delete the conflicting keys.")
        }
        if text.hasPrefix("OOM") || text.contains("OOM command not allowed") {
            return QueueError(.outOfMemory,
                "Redis at \(url) is out of memory (maxmemory reached, noeviction) and refused \(command). Raise maxmemory, or drain or purge queues, then retry.")
        }
        if text.hasPrefix("READONLY") {
            return QueueError(.connectionLost,
                "Redis at \(url) is a read-only replica (READONLY): a failover has demoted it. With a redis+sentinel:// URL the next call finds the new master; with a fixed address, point it at the master.")
        }
        if text.hasPrefix("LOADING") {
            return QueueError(.connectionLost,
                "Redis at \(url) is still loading its data set after a restart; retry in a moment.")
        }
        return QueueError(.serverError, "Redis at \(url) answered \(command) with an error: \(text.prefix(200))")
    }
}

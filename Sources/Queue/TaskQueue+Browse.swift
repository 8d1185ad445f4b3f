import Foundation

extension TaskQueue {
    /// Every batch of `queue` with its counts, newest first. Batches have no index of their own,
    /// so this walks the queue's batch keys with SCAN (non-blocking for the server); meant for
    /// consoles and tools, not for a hot path.
    public func batches(in queue: String, limit: Int = 500) throws -> [BatchCounts] {
        let prefix = keys.batch("", in: queue)
        let pattern = Self.globEscaped(prefix) + "*"
        var ids: [String] = []
        var cursor = "0"
        repeat {
            let reply = try withConnection { try $0.checkedSend(RedisCommand("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")) }
            guard let parts = reply.array, parts.count == 2 else { break }
            cursor = parts[0].string ?? "0"
            ids += (parts[1].array ?? []).compactMap(\.string).map { String($0.dropFirst(prefix.count)) }
        } while cursor != "0" && ids.count < 100_000
        let counts = try ids.compactMap { try batch($0, in: queue) }
        return Array(counts.sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }.prefix(limit))
    }

    /// `text` with the glob characters of SCAN MATCH escaped, so a queue name is matched literally.
    static func globEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

import Foundation
import AgentCore

/// Merges worker databases into one results database holding one attempt per task.
///
/// Per task it keeps a completed trajectory over an infrastructure failure, then the latest
/// attempt (see `AttemptSelection`). An input attempt replaces the kept one only when it is
/// strictly preferred, so merging the same files again changes nothing.
public enum Aggregator {
    public struct Summary: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Attempts read from the inputs.
        public var scanned = 0
        /// Tasks that had no result yet.
        public var added = 0
        /// Tasks whose kept attempt was replaced by a preferred one.
        public var replaced = 0
        /// Attempts that lost to the kept one (duplicates, older or infrastructure failures).
        public var skipped = 0
        /// Tasks in the output after the merge.
        public var tasks = 0

        public var description: String {
            "read \(scanned) attempt(s): \(added) added, \(replaced) replaced, \(skipped) skipped; \(tasks) task(s) in the output"
        }
    }

    /// Merges `inputs` into `output` (created if missing). Every input is opened read-only and
    /// checked (`PRAGMA quick_check`) before anything is written; the merge goes into a temporary
    /// file beside `output` that replaces it only at the end, so a failure leaves `output` as it
    /// was (or absent) and no partial file behind.
    public static func merge(inputs: [String], into output: String) throws -> Summary {
        var sources: [TrajectoryStore] = []
        defer { sources.forEach { $0.close() } }
        for input in inputs where input != output {
            let source = try TrajectoryStore.open(path: input, readOnly: true)
            sources.append(source)
            try source.quickCheck()
        }
        let temporary = output + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        var moved = false
        defer {
            if !moved { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }
        }
        if FileManager.default.fileExists(atPath: output) {
            let existing = try TrajectoryStore.open(path: output)
            defer { existing.close() }
            try existing.quickCheck()
            try existing.withDatabase { try $0.run("VACUUM INTO ?", [.text(temporary)]) }
        }
        let target = try TrajectoryStore.open(path: temporary)
        var summary = Summary()
        do {
            defer { target.close() }
            for source in sources {
                let attempts = try source.allTrajectories()
                summary.scanned += attempts.count
                try target.withDatabase { db in
                    try db.transaction {
                        for stored in attempts {
                            switch try keep(stored, in: db) {
                            case .added: summary.added += 1
                            case .replaced: summary.replaced += 1
                            case .skipped: summary.skipped += 1
                            }
                        }
                    }
                }
            }
            summary.tasks = try target.counts().tasks
        }
        guard rename(temporary, output) == 0 else {
            throw StoreError(.notWritable, "Could not move the merged database into place as '\(output)' (\(String(cString: strerror(errno)))); check the directory's permissions. '\(output)' is unchanged.")
        }
        moved = true
        return summary
    }

    /// What happened to one offered attempt.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The task had no result; this attempt is it now.
        case added
        /// This attempt replaced a less preferred one.
        case replaced
        /// The kept attempt is preferred (or equal): nothing changed.
        case skipped
    }

    /// Keeps `trajectory` as its task's result when it is preferred over the one already kept,
    /// in one transaction. For collectors that receive results one by one (Redis events) and
    /// want an aggregated file directly; offering the same attempt again changes nothing.
    public static func offer(_ trajectory: Trajectory, workerID: String, to store: TrajectoryStore) throws -> Outcome {
        try store.withDatabase { db in
            try db.transaction { try keep(StoredAttempt(trajectory: trajectory, workerID: workerID), in: db) }
        }
    }

    private static func keep(_ stored: StoredAttempt, in db: Database) throws -> Outcome {
        let trajectory = stored.trajectory
        let candidate = AttemptSelection.Key(
            termination: trajectory.termination.rawValue,
            attempt: trajectory.attempt,
            startedAt: TrajectoryStore.formatDate(trajectory.startedAt)
        )
        var current: AttemptSelection.Key?
        try db.prepare("SELECT termination, attempt, started_at FROM attempts WHERE task_id = ?")
            .forEachRow([.text(trajectory.task.id)]) { row in
                let key = AttemptSelection.Key(termination: row.text(0), attempt: row.int(1), startedAt: row.text(2))
                if current.map({ AttemptSelection.prefers(key, over: $0) }) ?? true { current = key }
            }
        guard let current else {
            try TrajectoryStore.insert(trajectory, workerID: stored.workerID, into: db)
            return .added
        }
        guard AttemptSelection.prefers(candidate, over: current) else { return .skipped }
        try db.run("DELETE FROM attempts WHERE task_id = ?", [.text(trajectory.task.id)])
        try TrajectoryStore.insert(trajectory, workerID: stored.workerID, into: db)
        return .replaced
    }
}

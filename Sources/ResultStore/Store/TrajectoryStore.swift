import AgentCore
import Foundation

/// The SQLite file a worker writes its trajectories to, and the file aggregation, reports and
/// mining read. One row per (task id, attempt); writing the same pair again replaces it.
///
/// `@unchecked Sendable`: the only state is the connection, and every use of it holds `lock`,
/// so one store can be shared by a worker's task threads. SQLite itself is opened in
/// multi-thread mode (a connection must not be used by two threads at once), which the lock
/// guarantees. All methods block: call them from threads you own.
public final class TrajectoryStore: @unchecked Sendable {
    private let database: Database
    private let lock = NSLock()
    public var path: String { database.path }

    static let migrator = Migrator(migrations: StoreSchema.migrations, kind: "results database")
    /// The schema version this build writes.
    public static var schemaVersion: Int { migrator.latestVersion }

    /// Opens (creating if needed) and migrates a results database.
    public static func open(path: String, readOnly: Bool = false) throws -> TrajectoryStore {
        try TrajectoryStore(path: path, readOnly: readOnly)
    }

    private init(path: String, readOnly: Bool) throws {
        database = try Database(path: path, options: .init(readOnly: readOnly))
        if readOnly {
            let version = try database.userVersion
            if version > Self.migrator.latestVersion {
                throw StoreError(.schemaTooNew, "The results database '\(path)' has schema version \(version), newer than this build's \(Self.migrator.latestVersion): upgrade lumos-fleet to read it.")
            }
            if version == 0 {
                throw StoreError(.notADatabase, "'\(path)' is not a lumos results database: point at a file written by lumos-worker.")
            }
            if version < StoreSchema.oldestReadableVersion {
                throw StoreError(.schemaTooOld, "The results database '\(path)' has the older schema version \(version): open it once with write access to migrate it (aggregating it into a new file also does).")
            }
        } else {
            try Self.migrator.migrate(database)
        }
    }

    public func close() { withDatabase { $0.close() } }

    /// Refuses a damaged file (`PRAGMA quick_check`) with `.notADatabase`.
    public func quickCheck() throws { try withDatabase { try $0.quickCheck() } }

    func withDatabase<T>(_ body: (Database) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    // MARK: Writing

    /// Writes one attempt, its model calls and actions in one transaction, replacing an earlier
    /// write of the same (task id, attempt). A failure leaves the file as it was.
    public func write(_ trajectory: Trajectory, workerID: String) throws {
        try write(trajectory, workerID: workerID, afterAttempt: {})
    }

    /// Writes many attempts of one worker in one transaction (bulk loads, benchmarks).
    public func write(_ trajectories: [Trajectory], workerID: String) throws {
        try withDatabase { db in
            try db.transaction { for trajectory in trajectories { try Self.insert(trajectory, workerID: workerID, into: db) } }
        }
    }

    /// `afterAttempt` runs inside the transaction once the attempt row exists; tests make it
    /// throw to prove a failure half-way leaves nothing behind.
    func write(_ trajectory: Trajectory, workerID: String, afterAttempt: () throws -> Void) throws {
        try withDatabase { db in
            try db.transaction { try Self.insert(trajectory, workerID: workerID, into: db, afterAttempt: afterAttempt) }
        }
    }

    /// The body of `write`, for callers that already hold a transaction (aggregation).
    static func insert(_ trajectory: Trajectory, workerID: String, into db: Database, afterAttempt: () throws -> Void = {}) throws {
        let task = trajectory.task
        let json = try encode(trajectory)
        let scores = try String(decoding: jsonEncoder.encode(trajectory.scores), as: UTF8.self)
        try db.run("""
            INSERT INTO tasks (task_id, dataset, domain, formulation, question, gold, source, item_id, sample, seed, sampling)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (task_id) DO UPDATE SET dataset = ?2, domain = ?3, formulation = ?4,
                question = ?5, gold = ?6, source = ?7, item_id = ?8, sample = ?9, seed = ?10, sampling = ?11
            """, [
            .text(task.id), .text(task.dataset.rawValue), .text(task.domain.rawValue),
            .text(task.formulation.rawValue), .text(task.question), .optionalText(task.answer),
            .optionalText(task.source), .text(task.itemID), task.rollout.map { SQLValue.int($0.sample) } ?? SQLValue.null,
            .optionalText(task.rollout.map { String($0.seed) }),
            .optionalText(try task.rollout.map { String(decoding: try jsonEncoder.encode($0.sampling), as: UTF8.self) }),
        ])
        // ON DELETE CASCADE removes the old attempt's model calls and actions.
        try db.run("DELETE FROM attempts WHERE task_id = ? AND attempt = ?", [.text(task.id), .int(trajectory.attempt)])
        try db.run("""
            INSERT INTO attempts (task_id, attempt, worker_id, termination, termination_detail,
                final_answer, gold_answer, correct, scores, plan_model, ground_model, started_at, ms, trajectory)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
            .text(task.id), .int(trajectory.attempt), .text(workerID), .text(trajectory.termination.rawValue),
            .optionalText(trajectory.terminationDetail), .optionalText(trajectory.finalAnswer),
            .optionalText(trajectory.goldAnswer), .bool(trajectory.correct), .text(scores),
            .text(trajectory.planModel.description), .text(trajectory.groundModel.description),
            .text(formatDate(trajectory.startedAt)), .real(trajectory.milliseconds), .text(json),
        ])
        let attemptID = SQLValue.integer(db.lastInsertRowID)
        try afterAttempt()
        let callInsert = try db.prepare("""
            INSERT INTO model_calls (attempt_id, seq, module, step, model, prompt, completion, finish_reason,
                prompt_tokens, completion_tokens, cached_tokens, ms, prompt_ms, generation_ms, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, call) in trajectory.modelCalls.enumerated() {
            try callInsert.run([
                attemptID, .int(seq), .text(call.module.rawValue), .int(call.step), .text(call.model),
                .text(call.prompt), .text(call.completion), .text(call.finishReason.rawValue),
                .int(call.promptTokens), .int(call.completionTokens), .int(call.cachedPromptTokens),
                .real(call.milliseconds), .optionalReal(call.promptMilliseconds),
                .optionalReal(call.generationMilliseconds), .optionalText(call.error),
            ])
        }
        let actionInsert = try db.prepare("""
            INSERT INTO actions (attempt_id, seq, step, raw, name, outputs, args, substituted_args, result, error, ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, action) in trajectory.actions.enumerated() {
            try actionInsert.run([
                attemptID, .int(seq), .int(action.step), .text(action.raw), .optionalText(action.name),
                .text(action.outputs.joined(separator: ", ")), .optionalText(action.arguments),
                .optionalText(action.substitutedArguments), .optionalText(action.result),
                .optionalText(action.error), .real(action.milliseconds),
            ])
        }
    }

    // MARK: Reading

    /// True when this (task id, attempt) is already stored (a worker that crashed after writing
    /// and before acking can skip the rerun).
    public func hasResult(taskID: String, attempt: Int) throws -> Bool {
        try withDatabase { db in
            try db.scalarInt("SELECT 1 FROM attempts WHERE task_id = ? AND attempt = ?", [.text(taskID), .int(attempt)]) != nil
        }
    }

    /// The latest stored attempt of the task that completed (not an infrastructure failure), if
    /// any: a rerun of the task can then be acknowledged without running the agent again.
    public func completedAttempt(taskID: String) throws -> Int? {
        let (placeholders, reasons) = AttemptSelection.infrastructureList()
        return try withDatabase { db in
            try db.scalarInt("SELECT max(attempt) FROM attempts WHERE task_id = ? AND termination NOT IN (\(placeholders))", [.text(taskID)] + reasons)
        }
    }

    /// One stored attempt, or nil.
    public func trajectory(taskID: String, attempt: Int) throws -> Trajectory? {
        try trajectories(where: "task_id = ? AND attempt = ?", [.text(taskID), .int(attempt)]).first?.trajectory
    }

    /// Every stored attempt, ordered by task id and attempt.
    public func allTrajectories() throws -> [StoredAttempt] {
        try trajectories(where: "1", [])
    }

    /// The chosen attempt per task (see `AttemptSelection`), ordered by task id; with `review`,
    /// only chosen attempts that the reviewers' labels let through.
    public func chosenTrajectories(review: ReviewFilter? = nil) throws -> [StoredAttempt] {
        let (sql, values) = AttemptSelection.chosenAttemptIDsSQL()
        let reviewCondition = try review.flatMap { filter in try withDatabase { try filter.sqlCondition(in: $0) } }
        return try trajectories(where: "id IN (\(sql))" + (reviewCondition.map { " AND \($0)" } ?? ""), values)
    }

    /// `condition` is a fixed SQL fragment from this module; values are always bound.
    func trajectories(where condition: String, _ values: [SQLValue]) throws -> [StoredAttempt] {
        try withDatabase { db in
            var result: [StoredAttempt] = []
            try db.prepare("SELECT trajectory, worker_id, task_id, attempt FROM attempts WHERE \(condition) ORDER BY task_id, attempt")
                .forEachRow(values) { row in
                    let json = row.text(0)
                    do {
                        let trajectory = try Trajectory.decode(Data(json.utf8))
                        result.append(StoredAttempt(trajectory: trajectory, workerID: row.text(1)))
                    } catch {
                        throw StoreError(.badRow, "The stored trajectory of task '\(row.text(2))' attempt \(row.int(3)) in '\(db.path)' does not decode (\(error)): the file may come from an incompatible build.")
                    }
                }
            return result
        }
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var tasks: Int
        public var attempts: Int
        public var modelCalls: Int
        public var actions: Int
    }

    public func counts() throws -> Counts {
        try withDatabase { db in
            Counts(
                tasks: try db.scalarInt("SELECT count(*) FROM tasks") ?? 0,
                attempts: try db.scalarInt("SELECT count(*) FROM attempts") ?? 0,
                modelCalls: try db.scalarInt("SELECT count(*) FROM model_calls") ?? 0,
                actions: try db.scalarInt("SELECT count(*) FROM actions") ?? 0
            )
        }
    }

    // MARK: Encoding

    static func encode(_ trajectory: Trajectory) throws -> String {
        String(decoding: try trajectory.encoded(), as: UTF8.self)
    }

    static var jsonEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Second precision, like the trajectory JSON, so a column and its decoded trajectory agree
    /// and the text sorts chronologically.
    static func formatDate(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// A stored attempt with the worker that wrote it.
public struct StoredAttempt: Sendable, Hashable {
    public var trajectory: Trajectory
    public var workerID: String
}

import AgentCore
import Foundation

extension TrajectoryStore {
    /// Newest first, `limit` rows with a row id below `before` (nil: from the newest) that match
    /// `query`. Keyset pagination: each page is one index walk, however deep.
    public func attemptPage(_ query: AttemptQuery, before: Int? = nil, limit: Int = 50) throws -> AttemptPage {
        let (condition, values) = query.whereClause(before: before)
        let size = min(max(limit, 1), 500)
        let sql = """
            SELECT a.id, a.task_id, a.attempt, t.dataset, t.formulation, substr(t.question, 1, 300), a.correct,
                   a.termination, a.final_answer, a.gold_answer, a.plan_model, a.worker_id, a.started_at, a.ms,
                   (SELECT r.verdict FROM reviews r WHERE r.task_id = a.task_id AND r.attempt = a.attempt)
            FROM attempts a JOIN tasks t ON t.task_id = a.task_id
            WHERE \(condition)
            ORDER BY a.id DESC
            LIMIT \(size + 1)
            """
        return try withDatabase { db in
            var rows: [AttemptSummary] = []
            try db.prepare(sql).forEachRow(values) { row in
                rows.append(AttemptSummary(
                    id: row.int(0), taskID: row.text(1), attempt: row.int(2), dataset: row.text(3), formulation: row.text(4),
                    question: row.text(5), correct: row.int(6) != 0, termination: row.text(7), finalAnswer: row.optionalText(8),
                    goldAnswer: row.optionalText(9), planModel: row.text(10), workerID: row.text(11), startedAt: row.text(12),
                    milliseconds: row.double(13), verdict: row.optionalText(14).flatMap(Review.Verdict.init(rawValue:))))
            }
            let hasMore = rows.count > size
            if hasMore { rows.removeLast() }
            return AttemptPage(rows: rows, nextBefore: hasMore ? rows.last?.id : nil)
        }
    }

    /// The stored attempt with this row id, its worker and its review, or nil.
    public func attempt(id: Int) throws -> (attempt: StoredAttempt, review: Review?)? {
        guard let stored = try trajectories(where: "id = ?", [.int(id)]).first else { return nil }
        let review = try review(taskID: stored.trajectory.task.id, attempt: stored.trajectory.attempt)
        return (stored, review)
    }

    /// The row id of (task id, attempt), for links from queue pages that know only the task.
    public func attemptID(taskID: String, attempt: Int? = nil) throws -> Int? {
        try withDatabase { db in
            if let attempt {
                return try db.scalarInt("SELECT id FROM attempts WHERE task_id = ? AND attempt = ?", [.text(taskID), .int(attempt)])
            }
            return try db.scalarInt("SELECT id FROM attempts WHERE task_id = ? ORDER BY attempt DESC LIMIT 1", [.text(taskID)])
        }
    }

    /// The values each filter can take in this file.
    public func facets() throws -> AttemptFacets {
        try withDatabase { db in
            func distinct(_ sql: String) throws -> [String] {
                var values: [String] = []
                try db.prepare(sql).forEachRow { values.append($0.text(0)) }
                return values
            }
            return AttemptFacets(
                datasets: try distinct("SELECT DISTINCT dataset FROM tasks ORDER BY 1"),
                formulations: try distinct("SELECT DISTINCT formulation FROM tasks ORDER BY 1"),
                terminations: try distinct("SELECT DISTINCT termination FROM attempts ORDER BY 1"),
                models: try distinct("SELECT plan_model FROM attempts GROUP BY plan_model UNION SELECT ground_model FROM attempts GROUP BY ground_model ORDER BY 1"),
                workers: try distinct("SELECT DISTINCT worker_id FROM attempts ORDER BY 1"))
        }
    }
}

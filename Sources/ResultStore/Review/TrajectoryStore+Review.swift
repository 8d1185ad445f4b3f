import Foundation

extension TrajectoryStore {
    /// Stores (or replaces) the label of one attempt. The attempt must exist in this file.
    public func setReview(_ review: Review) throws {
        let reason = review.reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if let reason, reason.utf8.count > Self.maxReasonBytes {
            throw StoreError(.badInput, "The review reason is \(reason.utf8.count) bytes; keep it under \(Self.maxReasonBytes).")
        }
        try withDatabase { db in
            guard try db.scalarInt("SELECT 1 FROM attempts WHERE task_id = ? AND attempt = ?", [.text(review.taskID), .int(review.attempt)]) != nil else {
                throw StoreError(.badInput, "There is no attempt \(review.attempt) of task '\(review.taskID)' in '\(db.path)' to review.")
            }
            try db.run("""
                INSERT INTO reviews (task_id, attempt, verdict, reason, reviewed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (task_id, attempt) DO UPDATE SET verdict = excluded.verdict, reason = excluded.reason,
                    reviewed_at = excluded.reviewed_at
                """, [.text(review.taskID), .int(review.attempt), .text(review.verdict.rawValue), .optionalText(reason),
                      .text(Self.formatDate(review.reviewedAt))])
        }
    }

    /// The label of one attempt, or nil when nobody reviewed it.
    public func review(taskID: String, attempt: Int) throws -> Review? {
        try withDatabase { db in
            var found: Review?
            try db.prepare("SELECT verdict, reason, reviewed_at FROM reviews WHERE task_id = ? AND attempt = ?")
                .forEachRow([.text(taskID), .int(attempt)]) { row in
                    guard let verdict = Review.Verdict(rawValue: row.text(0)) else { return }
                    let date = (try? Date(row.text(2), strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
                    found = Review(taskID: taskID, attempt: attempt, verdict: verdict, reason: row.optionalText(1), reviewedAt: date)
                }
            return found
        }
    }

    static let maxReasonBytes = 4096
}

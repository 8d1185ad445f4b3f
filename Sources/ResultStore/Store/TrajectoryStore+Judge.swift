import Foundation

/// The mining judge's verdicts (`judge_verdicts`, schema 3).
extension TrajectoryStore {
    public struct JudgeVerdict: Sendable, Hashable {
        public var passed: Bool
        public var reply: String
    }

    public func judgeVerdict(taskID: String, attempt: Int, judge: String, promptHash: String) throws -> JudgeVerdict? {
        try withDatabase { db in
            var found: JudgeVerdict?
            try db.prepare("SELECT verdict, reply FROM judge_verdicts WHERE task_id = ? AND attempt = ? AND judge = ? AND prompt_sha = ?")
                .forEachRow([.text(taskID), .int(attempt), .text(judge), .text(promptHash)]) { row in
                    found = JudgeVerdict(passed: row.text(0) == "pass", reply: row.text(1))
                }
            return found
        }
    }

    public func saveJudgeVerdict(taskID: String, attempt: Int, judge: String, promptHash: String, passed: Bool, reply: String) throws {
        try withDatabase { db in
            try db.run("""
                INSERT OR REPLACE INTO judge_verdicts (task_id, attempt, judge, prompt_sha, verdict, reply, judged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(taskID), .int(attempt), .text(judge), .text(promptHash), .text(passed ? "pass" : "fail"),
                      .text(reply), .text(Self.formatDate(Date()))])
        }
    }
}

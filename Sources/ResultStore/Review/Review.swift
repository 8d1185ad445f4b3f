import Foundation

/// A person's label on one stored attempt, written from the console and read by `mine`.
/// Keyed by (task id, attempt), not by row id, so it survives the attempt being written again.
public struct Review: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        case accepted, rejected
    }

    public var taskID: String
    public var attempt: Int
    public var verdict: Verdict
    public var reason: String?
    public var reviewedAt: Date

    public init(taskID: String, attempt: Int, verdict: Verdict, reason: String? = nil, reviewedAt: Date = Date()) {
        self.taskID = taskID
        self.attempt = attempt
        self.verdict = verdict
        self.reason = reason
        self.reviewedAt = reviewedAt
    }
}

/// Which reviewed attempts mining keeps: rejected ones are always left out; with
/// `acceptedOnly`, so is every attempt nobody accepted.
public enum ReviewFilter: Sendable, Hashable {
    case excludeRejected
    case acceptedOnly

    /// A condition on `attempts` (unaliased) with no parameters: the verdicts are fixed words.
    /// A file from before reviews existed (read without migrating) has no labels: nothing is
    /// rejected, and nothing is accepted.
    func sqlCondition(in db: Database) throws -> String? {
        guard try db.scalarInt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'reviews'") != nil else {
            return self == .acceptedOnly ? "0" : nil
        }
        return switch self {
        case .excludeRejected:
            "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.task_id = attempts.task_id AND r.attempt = attempts.attempt AND r.verdict = 'rejected')"
        case .acceptedOnly:
            "EXISTS (SELECT 1 FROM reviews r WHERE r.task_id = attempts.task_id AND r.attempt = attempts.attempt AND r.verdict = 'accepted')"
        }
    }
}

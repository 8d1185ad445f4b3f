import AgentCore

/// The one rule for "the result of a task" among several attempts, shared by aggregation,
/// reports and mining: a completed trajectory beats an infrastructure failure, then the
/// latest attempt wins, then the latest start.
enum AttemptSelection {
    static let infrastructureReasons = TerminationReason.allCases.filter(\.isInfrastructureFailure).map(\.rawValue)

    /// True when `candidate` should replace `current` as a task's result.
    static func prefers(_ candidate: Key, over current: Key) -> Bool {
        candidate.rank > current.rank
    }

    struct Key: Equatable {
        var termination: String
        var attempt: Int
        var startedAt: String

        var rank: Rank {
            Rank(completed: !AttemptSelection.infrastructureReasons.contains(termination), attempt: attempt, startedAt: startedAt)
        }
    }

    struct Rank: Comparable {
        var completed: Bool
        var attempt: Int
        var startedAt: String

        static func < (lhs: Rank, rhs: Rank) -> Bool {
            if lhs.completed != rhs.completed { return !lhs.completed }
            if lhs.attempt != rhs.attempt { return lhs.attempt < rhs.attempt }
            return lhs.startedAt < rhs.startedAt
        }
    }

    /// `?, ?` placeholders for an `IN (…)` over the infrastructure reasons, and their values.
    static func infrastructureList() -> (placeholders: String, values: [SQLValue]) {
        let placeholders = Array(repeating: "?", count: max(infrastructureReasons.count, 1)).joined(separator: ", ")
        return (placeholders, infrastructureReasons.isEmpty ? [.null] : infrastructureReasons.map(SQLValue.text))
    }

    /// SQL selecting the chosen attempt's `id` per task, with its parameters. Same order as `Rank`.
    static func chosenAttemptIDsSQL() -> (sql: String, values: [SQLValue]) {
        let (placeholders, values) = infrastructureList()
        let sql = """
            SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (
                    PARTITION BY task_id
                    ORDER BY (termination IN (\(placeholders))) ASC, attempt DESC, started_at DESC
                ) AS pick
                FROM attempts
            ) WHERE pick = 1
            """
        return (sql, values)
    }
}

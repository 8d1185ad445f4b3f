import AgentCore

/// Figures per dataset and formulation over the chosen attempt of each task.
public struct Report: Sendable, Hashable, Codable {
    public var database: String
    public var groups: [Group]
    /// The mining judge's stored verdicts per judge (`mine --judge-model`).
    public var judgeVerdicts: [JudgeCount] = []

    public struct JudgeCount: Sendable, Hashable, Codable {
        public var judge: String
        public var passed: Int
        public var failed: Int
    }

    public struct Group: Sendable, Hashable, Codable {
        public var dataset: String
        public var formulation: String
        public var count: Int
        public var correct: Int
        public var accuracy: Double
        /// Termination reason → tasks.
        public var terminations: [String: Int]
        /// Tool name → actions that ended in an error (`<unparsed>` for text that did not parse).
        public var toolErrors: [String: Int]
        /// Whole-attempt wall time, milliseconds.
        public var latencyP50Milliseconds: Double
        public var latencyP95Milliseconds: Double
        /// Generation speed: completion tokens over the calls' generation time. Calls recorded
        /// without a separate generation time (older rows, untimed backends) count their whole
        /// duration, prompt processing included.
        public var tokensPerSecond: Double
        public var modelCalls: [ModuleStats]
        /// Set when the group's tasks are sampled rollouts.
        public var rollouts: RolloutStats?
    }

    public struct ModuleStats: Sendable, Hashable, Codable {
        public var module: String
        public var calls: Int
        public var errors: Int
        public var meanPromptTokens: Double
        public var meanCompletionTokens: Double
        /// Cached prompt tokens over all prompt tokens (prefix reuse).
        public var cachedTokenShare: Double
        public var meanMilliseconds: Double
    }

    /// Builds the report from a results database (a worker's file or an aggregated one).
    public static func build(from store: TrajectoryStore) throws -> Report {
        try store.withDatabase { db in try ReportQueries(db: db).report() }
    }
}

/// Nearest-rank percentile of unsorted values; 0 for none.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

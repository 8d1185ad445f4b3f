/// What finished in one minute of one queue.
struct MinuteBucket: Sendable {
    var done = 0
    var failed = 0
    var latencyTotal = 0.0
    var latencyCount = 0

    var meanLatency: Double? { latencyCount == 0 ? nil : latencyTotal / Double(latencyCount) }
}

/// A batch's results seen in the event stream since the console started watching.
struct BatchActivity: Sendable {
    var judged = 0
    var correct = 0
    /// Finish times (seconds since 1970) of the last results, for the rate and the ETA.
    var recentFinishes: [Double] = []
    /// The newest events first, capped.
    var recent: [RecentEvent] = []
}

struct RecentEvent: Sendable {
    var taskID: String
    var kind: String
    var attempt: Int
    var correct: Bool?
    var error: String?
    var at: Double
}

/// A worker's generation rate over its recent results.
struct WorkerRate: Sendable {
    var tokens = 0
    var milliseconds = 0.0
    var tokensPerSecond: Double? { milliseconds > 0 ? Double(tokens) * 1000 / milliseconds : nil }
}

import Foundation
import Queue

/// Everything a worker process needs besides its models. Defaults suit one machine.
public struct WorkerConfiguration: Sendable {
    public var redisURL: RedisURL
    public var queueConfiguration: QueueConfiguration
    public var queue: String
    /// The worker's SQLite results file (WAL; one writer connection shared by every slot).
    public var databasePath: String
    public var workerID: String
    /// Tasks in flight at once, each on its own slot thread with its own Redis connection.
    public var concurrency: Int
    /// How long a reservation holds before it must be extended; the heartbeat extends it every
    /// third of this, so a worker that dies releases its tasks after at most one lease.
    public var leaseSeconds: Double
    /// Per-attempt time limit; nil uses each task's own limit (set at submit), 0 means none.
    public var taskTimeoutSeconds: Double?
    /// After a shutdown signal, how long in-flight tasks may run before they are cancelled and released.
    public var graceSeconds: Double
    /// Exit once the queue has had nothing ready, delayed, waiting for a retry or running for `idleSeconds`.
    public var exitWhenIdle: Bool
    public var idleSeconds: Double
    /// Run the scheduler (due retries, expired leases) in this process; safe in every worker.
    public var runScheduler: Bool
    public var metricsHost: String
    /// Serve Prometheus metrics on this port; nil means no endpoint.
    public var metricsPort: Int?
    /// Trajectories up to this size travel inside the result event, so `collect` on another
    /// machine gets them; larger ones stay in the worker's database only.
    public var maxInlineTrajectoryBytes: Int
    /// Model files (GGUF) the worker maps: it stops taking tasks and exits if one changes.
    public var modelFiles: [String]

    public init(
        redisURL: RedisURL,
        queueConfiguration: QueueConfiguration = QueueConfiguration(),
        queue: String = QueueConfiguration.defaultQueue,
        databasePath: String = "./lumos-results.db",
        workerID: String = WorkerConfiguration.defaultWorkerID(),
        concurrency: Int = 1,
        leaseSeconds: Double = 60,
        taskTimeoutSeconds: Double? = nil,
        graceSeconds: Double = 30,
        exitWhenIdle: Bool = false,
        idleSeconds: Double = 3,
        runScheduler: Bool = true,
        metricsHost: String = "127.0.0.1",
        metricsPort: Int? = nil,
        maxInlineTrajectoryBytes: Int = 64 * 1024,
        modelFiles: [String] = []
    ) {
        self.modelFiles = modelFiles
        self.redisURL = redisURL
        self.queueConfiguration = queueConfiguration
        self.queue = queue
        self.databasePath = databasePath
        self.workerID = workerID
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
        self.taskTimeoutSeconds = taskTimeoutSeconds
        self.graceSeconds = graceSeconds
        self.exitWhenIdle = exitWhenIdle
        self.idleSeconds = idleSeconds
        self.runScheduler = runScheduler
        self.metricsHost = metricsHost
        self.metricsPort = metricsPort
        self.maxInlineTrajectoryBytes = maxInlineTrajectoryBytes
    }

    /// `host-pid`: unique on a machine, readable in `lumos-submit status`.
    public static func defaultWorkerID() -> String {
        "\(ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "worker")-\(getpid())"
    }

    /// Seconds between lease extensions.
    var heartbeatSeconds: Double { max(0.2, leaseSeconds / 3) }
}

extension WorkerConfiguration {
    /// Most task slots one worker runs. Each slot holds a Redis connection and a thread; past
    /// this, a worker only starves Redis and the host (run more workers instead).
    public static let maxConcurrency = 256

    /// Refuses values no worker can run with, naming the setting: NaN, infinities, negatives, and
    /// durations past their sane range (a lease of 1e12 s never expires; one of `inf` breaks
    /// every Redis call).
    public func validate() throws {
        func check(_ value: Double, _ setting: WorkerError.Setting, _ name: String, _ range: ClosedRange<Double>) throws {
            guard value.isFinite, range.contains(value) else {
                throw WorkerError(
                    .invalidConfiguration,
                    "The \(name) is \(value); give a number of seconds from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)).",
                    setting: setting)
            }
        }
        guard (1...Self.maxConcurrency).contains(concurrency) else {
            throw WorkerError(
                .invalidConfiguration,
                "The concurrency is \(concurrency); give 1 to \(Self.maxConcurrency) (the most slots one worker runs; start more workers for more).",
                setting: .concurrency)
        }
        try check(leaseSeconds, .lease, "lease", 1...86_400)
        try check(graceSeconds, .grace, "shutdown grace period", 0...86_400)
        try check(idleSeconds, .idleSeconds, "idle time before exiting", 0.1...86_400)
        if let taskTimeoutSeconds { try check(taskTimeoutSeconds, .taskTimeout, "task timeout", 0...(366 * 86_400)) }
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw WorkerError(.invalidConfiguration, "The metrics port is \(metricsPort); give 0 to 65535.", setting: .metricsPort)
        }
        guard maxInlineTrajectoryBytes >= 0 else {
            throw WorkerError(.invalidConfiguration, "maxInlineTrajectoryBytes is \(maxInlineTrajectoryBytes); it must not be negative.")
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

import AgentCore
import Foundation
import Logging
import Queue
import ResultStore
import Scheduler

/// The worker process: `concurrency` slot threads (each with its own Redis connection) reserve
/// and run tasks; one heartbeat thread (its own connection) extends leases, enforces timeouts,
/// notices cancellations and keeps the worker registered; a scheduler thread moves due retries
/// and expired leases. Results go to one SQLite store whose single connection is shared by the
/// slots (`TrajectoryStore` serialises writes; WAL and a busy timeout let other processes read
/// and aggregate meanwhile).
///
/// `run()` blocks until the worker stops: after `beginShutdown()` (a signal), or when the queue
/// stays idle with `exitWhenIdle`.
///
/// `@unchecked Sendable`: the mutable state is `shutdownStarted`/`reason`, touched only under `lock`;
/// everything else is immutable or thread-safe.
public final class WorkerService: @unchecked Sendable {
    public enum StopReason: String, Sendable {
        case signal, idle
        /// A model file changed on disk; the message says which and how.
        case modelChanged = "model_changed"
    }

    public let configuration: WorkerConfiguration
    public let metrics: WorkerMetrics
    let agent: AgentConfiguration
    let logger: Logger
    let registry = InFlightRegistry()
    /// Raised when slots must stop reserving.
    let stopReserving = StopSignal()
    private let lock = NSLock()
    private var shutdownStarted = false
    private var reason: StopReason?
    /// Why the model file watch stopped the worker, when it did.
    public private(set) var modelChange: String? {
        get { lock.withLock { storedModelChange } }
        set { lock.withLock { storedModelChange = newValue } }
    }
    private var storedModelChange: String?
    /// The bound metrics port once running (tests read it when asking for port 0).
    public private(set) var metricsPort: Int?

    public init(configuration: WorkerConfiguration, agent: AgentConfiguration, metrics: WorkerMetrics = WorkerMetrics(),
                logger: Logger = Logger(label: "lumos.worker")) {
        self.configuration = configuration
        self.agent = agent
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerID)"
        self.logger = logger
    }

    /// Stops reserving; lets in-flight tasks finish within the grace period, then cancels them
    /// (`.shutdown`) so their slots release them to the queue. Safe to call more than once.
    public func beginShutdown(_ why: StopReason = .signal) {
        let first = lock.withLock { () -> Bool in
            defer { shutdownStarted = true }
            if !shutdownStarted { reason = why }
            return !shutdownStarted
        }
        guard first else { return }
        logger.info("shutting down: no new tasks; in-flight tasks have \(configuration.graceSeconds) s to finish",
                    metadata: ["reason": "\(why.rawValue)", "in_flight": "\(registry.count)"])
        stopReserving.stop()
        let grace = configuration.graceSeconds
        let thread = Thread { [self] in
            let deadline = Date().addingTimeInterval(grace)
            while registry.count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if registry.count > 0 {
                logger.warning("grace period over: cancelling and releasing in-flight tasks", metadata: ["tasks": "\(registry.taskIds.joined(separator: ","))"])
            }
            registry.cancelAllForShutdown()
        }
        thread.name = "lumos-grace"
        thread.start()
    }

    /// Runs until shut down; returns why it stopped. Throws only when it cannot start (Redis
    /// unreachable at start, database not writable, metrics port taken).
    /// Refuses a concurrency that would take more connections than Redis has left (its
    /// `maxclients`) or more file descriptors than this process may open, before opening any.
    static func checkConnectionBudget(concurrency: Int, scheduler: Bool, queue: TaskQueue) throws {
        let needed = concurrency + (scheduler ? 2 : 1)
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int32.max), UInt64(needed + 64) > UInt64(limit.rlim_cur) {
            throw WorkerError(
                .invalidConfiguration,
                "A concurrency of \(concurrency) needs \(needed) Redis connections, but this process may open only \(limit.rlim_cur) files (ulimit -n); lower the concurrency to at most \(max(1, Int(limit.rlim_cur) - 64 - (needed - concurrency))) or raise the limit.",
                setting: .concurrency)
        }
        guard let budget = try? queue.clientBudget() else { return }
        let (maxClients, connected) = budget
        let free = maxClients - connected
        if needed > free {
            throw WorkerError(
                .invalidConfiguration,
                "A concurrency of \(concurrency) needs \(needed) Redis connections, but Redis allows \(maxClients) clients (maxclients) and \(connected) are connected, leaving \(max(0, free)); lower the concurrency to at most \(max(0, free - (needed - concurrency))) or raise maxclients.",
                setting: .concurrency)
        }
    }

    /// Stops taking tasks because a model file changed (see ``ModelFileWatch``).
    func stopForModelChange(_ message: String) {
        guard modelChange == nil else { return }
        modelChange = message
        logger.error("\(message) Stopping: no new tasks.")
        beginShutdown(.modelChanged)
    }

    @discardableResult
    public func run() throws -> StopReason {
        // A peer closing a socket must be an error on that socket, not the end of the process.
        signal(SIGPIPE, SIG_IGN)
        try configuration.validate()
        let store: TrajectoryStore
        do {
            store = try TrajectoryStore.open(path: configuration.databasePath)
        } catch {
            throw WorkerError(.storeUnavailable, "Cannot open the results database '\(configuration.databasePath)': \(error)")
        }
        defer { store.close() }
        let connect = { () throws -> TaskQueue in
            do {
                return try TaskQueue(url: self.configuration.redisURL, configuration: self.configuration.queueConfiguration)
            } catch {
                throw WorkerError(.redisUnavailable, "Cannot reach Redis at \(self.configuration.redisURL): \(error)")
            }
        }
        let heartbeatQueue = try connect()
        try Self.checkConnectionBudget(concurrency: configuration.concurrency, scheduler: configuration.runScheduler, queue: heartbeatQueue)
        let slotQueues = try (0..<configuration.concurrency).map { _ in try connect() }
        for warning in heartbeatQueue.warnings { logger.warning("\(warning)") }
        let schedulerQueue = configuration.runScheduler ? try connect() : nil
        defer { (slotQueues + [heartbeatQueue] + [schedulerQueue].compactMap { $0 }).forEach { $0.close() } }

        var metricsServer: MetricsServer?
        if let port = configuration.metricsPort {
            let server = try MetricsServer(host: configuration.metricsHost, port: port) { [metrics] in metrics.render() }
            server.start()
            metricsServer = server
            metricsPort = server.port
            logger.info("metrics at http://\(configuration.metricsHost):\(server.port)/metrics")
        }
        defer { metricsServer?.stop() }

        logger.info("worker started", metadata: [
            "redis": "\(configuration.redisURL)", "queue": "\(configuration.queue)", "db": "\(configuration.databasePath)",
            "concurrency": "\(configuration.concurrency)",
        ])
        let backgroundStop = StopSignal()
        let heartbeat = HeartbeatLoop(service: self, queue: heartbeatQueue)
        let heartbeatDone = DispatchSemaphore(value: 0)
        let heartbeatThread = Thread { heartbeat.run(until: backgroundStop); heartbeatDone.signal() }
        heartbeatThread.name = "lumos-heartbeat"
        heartbeatThread.start()
        if let schedulerQueue {
            Scheduler(queue: schedulerQueue, queues: [configuration.queue], logger: logger).start(until: backgroundStop)
        }

        let slotsDone = DispatchGroup()
        for (index, queue) in slotQueues.enumerated() {
            let slot = TaskSlot(index: index, service: self, queue: queue, store: store)
            slotsDone.enter()
            let thread = Thread { slot.run(); slotsDone.leave() }
            thread.name = "lumos-slot-\(index)"
            thread.start()
        }
        slotsDone.wait()
        backgroundStop.stop()
        heartbeatDone.wait()
        do {
            try heartbeatQueue.deregisterWorker(id: configuration.workerID)
        } catch {
            logger.warning("could not deregister the worker (it expires on its own)", metadata: ["error": "\(error)"])
        }
        let why = lock.withLock { reason } ?? .signal
        logger.info("worker stopped", metadata: ["reason": "\(why.rawValue)"])
        return why
    }
}

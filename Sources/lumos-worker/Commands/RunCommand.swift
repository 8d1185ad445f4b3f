import AgentCore
import ArgumentParser
import Foundation
import Logging
import Queue
import ResultStore
import Worker

/// `lumos-worker run`: reserve tasks from Redis and run them until stopped. Flags win, then
/// `LUMOS_*` environment variables, then defaults that work on one machine.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Reserve tasks from the queue and run them (the default).",
        discussion: """
            SIGINT/SIGTERM stop reserving and give in-flight tasks --grace seconds to finish; the \
            rest are released to the queue. A second signal exits at once (status 130).
            """
    )

    @Option(help: "Redis URL: redis://[user:password@]host:port[/db] or unix:///path.sock (env LUMOS_REDIS_URL; default redis://127.0.0.1:6379).")
    var redis: String?

    @Option(help: "The queue to take tasks from (env LUMOS_QUEUE; default \(QueueConfiguration.defaultQueue)).")
    var queue: String?

    @Option(help: "Key prefix shared by every process using the queue (env LUMOS_PREFIX; default lumos:).")
    var prefix: String?

    @Option(help: "The results database (env LUMOS_DB_PATH; default ./lumos-results.db).")
    var db: String?

    @Option(name: .customLong("worker-id"), help: "This worker's name in the registry (env LUMOS_WORKER_ID; default host-pid).")
    var workerID: String?

    @Option(help: "Tasks in flight at once (env LUMOS_CONCURRENCY; default 1).")
    var concurrency: Int?

    @Option(name: .customLong("task-timeout"), help: "Seconds one attempt may run (default: the limit each task was submitted with; 0 = none).")
    var taskTimeout: Double?

    @Option(help: "Seconds in-flight tasks may finish after a shutdown signal before they are released.")
    var grace: Double = 30

    @Option(help: "Lease length in seconds; a dead worker's tasks go back to the queue after at most this.")
    var lease: Double = 60

    @Flag(name: .customLong("exit-when-idle"), help: "Exit once the queue has had nothing ready, delayed, retrying or running for a few seconds (batch jobs).")
    var exitWhenIdle = false

    @Option(name: .customLong("idle-seconds"), help: "How long the queue must stay empty for --exit-when-idle.")
    var idleSeconds: Double = 3

    @Flag(name: .customLong("no-scheduler"), help: "Do not run the scheduler (due retries, expired leases) in this worker.")
    var noScheduler = false

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus metrics at http://HOST:PORT/metrics (env LUMOS_METRICS_PORT).")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address for the metrics endpoint (default 127.0.0.1, loopback only).")
    var metricsHost: String = "127.0.0.1"

    @Option(name: .customLong("knowledge-db"), help: "Offline knowledge base (SQLite FTS5) for KnowledgeQuery instead of MediaWiki (env LUMOS_KNOWLEDGE_DB).")
    var knowledgeDB: String?

    @Option(name: .customLong("wiki-url"), help: "MediaWiki api.php for KnowledgeQuery (same as --knowledge-url).")
    var wikiURL: String?

    @Option(name: .customLong("max-new-tokens"), help: "Cap every model call at this many new tokens (short drills and tests).")
    var maxNewTokens: Int?

    @Flag(name: .customLong("no-prefix-reuse"), help: "Give every model call a fresh KV cache (measures what prefix reuse saves).")
    var noPrefixReuse = false

    @Flag(help: "Debug logging.")
    var verbose = false

    @OptionGroup var models: AgentModelOptions

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if grace < 0 { throw ValidationError("--grace must be 0 or more seconds.") }
        if lease < 1 { throw ValidationError("--lease must be at least 1 second.") }
        if let threads = models.threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0–65535.") }
    }

    func run() throws {
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lumos.worker")
        var configuration = try workerConfiguration()
        // Before loading the model: a bad value is refused at once, naming its flag.
        do { try configuration.validate() } catch let error as WorkerError { throw ValidationError(error.message) }
        let (agent, modelFiles) = try agentConfiguration()
        configuration.modelFiles = modelFiles
        BusErrorReporter.install(modelFiles: configuration.modelFiles)
        let service = WorkerService(configuration: configuration, agent: agent, logger: logger)
        let signals = SignalHandler(onFirst: { number in
            logger.info("received signal \(number); shutting down gracefully (send it again to exit at once)")
            service.beginShutdown(.signal)
        })
        do {
            let reason = try withExtendedLifetime(signals) { try service.run() }
            if reason == .modelChanged {
                logger.error("\(service.modelChange ?? "A model file changed.") The worker stopped; restart it.")
                throw ExitCode(BusErrorReporter.exitStatus)
            }
        } catch let error as WorkerError {
            logger.error("\(error.message)")
            throw ExitCode.failure
        }
    }

    func workerConfiguration() throws -> WorkerConfiguration {
        let url = try RedisURL.configured(flag: redis) ?? .localDefault
        var queueConfiguration = QueueConfiguration()
        if let prefix = prefix ?? environment["LUMOS_PREFIX"] { queueConfiguration.keyPrefix = prefix }
        let concurrency = concurrency ?? environment["LUMOS_CONCURRENCY"].flatMap(Int.init) ?? 1
        return WorkerConfiguration(
            redisURL: url,
            queueConfiguration: queueConfiguration,
            queue: queue ?? environment["LUMOS_QUEUE"] ?? QueueConfiguration.defaultQueue,
            databasePath: db ?? environment["LUMOS_DB_PATH"] ?? "./lumos-results.db",
            workerID: workerID ?? environment["LUMOS_WORKER_ID"] ?? WorkerConfiguration.defaultWorkerID(),
            concurrency: concurrency,
            leaseSeconds: lease,
            taskTimeoutSeconds: taskTimeout,
            graceSeconds: grace,
            exitWhenIdle: exitWhenIdle,
            idleSeconds: idleSeconds,
            runScheduler: !noScheduler,
            metricsHost: metricsHost,
            metricsPort: metricsPort ?? environment["LUMOS_METRICS_PORT"].flatMap(Int.init))
    }

    /// The agent's models (loaded once, shared by every slot) and knowledge source, and the GGUF
    /// files they map.
    func agentConfiguration() throws -> (AgentConfiguration, [String]) {
        let profile = try models.resolvedProfile()
        func spec(_ flag: String?, _ env: String, name: String?, nameEnv: String) throws -> ModelSpec? {
            guard let value = flag ?? environment[env] else { return nil }
            return try ModelSpec(parsing: value, name: name ?? environment[nameEnv], profile: profile)
        }
        let plan = try spec(models.planModel, "LUMOS_PLAN_MODEL", name: models.planModelName, nameEnv: "LUMOS_PLAN_MODEL_NAME")
            ?? ModelSpec(parsing: ModelFactory.bundledModelPath, profile: profile ?? .fewshot)
        let ground = try spec(models.groundModel, "LUMOS_GROUND_MODEL", name: models.groundModelName, nameEnv: "LUMOS_GROUND_MODEL_NAME") ?? plan
        let qa = try spec(models.qaModel, "LUMOS_QA_MODEL", name: models.qaModelName, nameEnv: "LUMOS_QA_MODEL_NAME") ?? plan
        let options = WorkerModels.Options(
            threads: models.threads ?? environment["LUMOS_THREADS"].flatMap(Int.init),
            contextLength: models.contextLength, maxNewTokens: maxNewTokens, prefixReuse: !noPrefixReuse)
        let built: WorkerModels.Models
        do {
            built = try WorkerModels.make(plan: plan, ground: ground, qa: qa, options: options)
        } catch let error as WorkerError {
            throw ValidationError(error.message)
        }
        var knowledge: (any KnowledgeSource)?
        if let path = knowledgeDB ?? environment["LUMOS_KNOWLEDGE_DB"] {
            knowledge = try KnowledgeBase(path: path, readOnly: true)
        } else {
            var options = models
            options.knowledgeURL = wikiURL ?? models.knowledgeURL
            knowledge = options.makeKnowledge()
        }
        let files = [plan, ground, qa].compactMap { spec -> String? in
            if case .gguf(let path) = spec.source { return path }
            return nil
        }
        return (AgentConfiguration(planner: built.planner, grounder: built.grounder, qaModel: built.qa, knowledge: knowledge), files)
    }
}

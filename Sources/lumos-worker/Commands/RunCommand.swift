import AgentCore
import ArgumentParser
import Foundation
import Logging
import LumosCLI
import Queue
import Worker

/// `lumos-worker run`: reserve tasks from Redis and run them until stopped. Flags win, then
/// environment variables, then defaults that work on one machine.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Reserve tasks from the queue and run them (the default).",
        discussion: """
            SIGINT/SIGTERM stop reserving and give in-flight tasks --grace seconds to finish; the \
            rest are released to the queue. A second signal exits at once (status 130).
            """
    )

    @OptionGroup var queueOptions: QueueOptions

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("worker-id"), help: "This worker's name in the registry (env \(Setting.workerID.name); default host-pid).")
    var workerID: String?

    @Option(help: "Tasks in flight at once; their sessions share the engine, batched (env \(Setting.concurrency.name); default \(Setting.recommendedConcurrency)).")
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

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus metrics at http://HOST:PORT/metrics (env \(Setting.metricsPort.name)).")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address for the metrics endpoint (default 127.0.0.1, loopback only).")
    var metricsHost: String = "127.0.0.1"

    @Option(name: .customLong("max-new-tokens"), help: "Cap every model call at this many new tokens (short drills and tests).")
    var maxNewTokens: Int?

    @Flag(name: .customLong("no-prefix-reuse"), help: "Give every model call a fresh KV cache (measures what prefix reuse saves).")
    var noPrefixReuse = false

    @Flag(help: "Debug logging.")
    var verbose = false

    @OptionGroup var models: AgentModelOptions

    func validate() throws {
        try FlagCheck.atLeast(concurrency, 1, flag: "--concurrency")
        try FlagCheck.atLeast(grace, 0, flag: "--grace", unit: "seconds")
        try FlagCheck.atLeast(lease, 1, flag: "--lease", unit: "second(s)")
        try FlagCheck.within(metricsPort, 0...65535, flag: "--metrics-port")
        try FlagCheck.within(maxNewTokens, 1...1_000_000, flag: "--max-new-tokens")
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
        do { try configuration.validate() } catch let error as WorkerError { throw ValidationError(error.message + Self.advice(for: error)) }
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
            logger.error("\(error.message)\(Self.advice(for: error))")
            throw ExitCode.failure
        }
    }

    /// The flags that fix a worker error (the worker's messages name no flag).
    static func advice(for error: WorkerError) -> String {
        switch error.code {
        case .redisUnavailable: " " + QueueOptions.advice
        case .storeUnavailable: " Pass --db (or set \(Setting.databasePath.name)) with a writable path."
        case .metricsUnavailable: " Pick another --metrics-port or --metrics-host."
        case .invalidConfiguration: error.setting.map { " Set it with \(flag(for: $0))." } ?? ""
        }
    }

    static func flag(for setting: WorkerError.Setting) -> String {
        switch setting {
        case .concurrency: "--concurrency (or \(Setting.concurrency.name))"
        case .lease: "--lease"
        case .grace: "--grace"
        case .idleSeconds: "--idle-seconds"
        case .taskTimeout: "--task-timeout"
        case .metricsPort: "--metrics-port (or \(Setting.metricsPort.name))"
        }
    }

    func workerConfiguration() throws -> WorkerConfiguration {
        let environment = Environment.current
        let concurrency = try environment.resolve(concurrency, .concurrency) ?? Setting.recommendedConcurrency
        try FlagCheck.within(concurrency, 1...WorkerConfiguration.maxConcurrency, flag: "--concurrency (or \(Setting.concurrency.name))")
        let metricsPort = try environment.resolve(metricsPort, .metricsPort)
        try FlagCheck.within(metricsPort, 0...65535, flag: "--metrics-port (or \(Setting.metricsPort.name))")
        return WorkerConfiguration(
            redisURL: try queueOptions.url(),
            queueConfiguration: queueOptions.queueConfiguration,
            queue: queueOptions.queueName,
            databasePath: store.databasePath,
            workerID: environment.resolve(workerID, .workerID) ?? WorkerConfiguration.defaultWorkerID(),
            concurrency: concurrency,
            leaseSeconds: lease,
            taskTimeoutSeconds: taskTimeout,
            graceSeconds: grace,
            exitWhenIdle: exitWhenIdle,
            idleSeconds: idleSeconds,
            runScheduler: !noScheduler,
            metricsHost: metricsHost,
            metricsPort: metricsPort)
    }

    /// The agent's models (loaded once, shared by every slot) and knowledge source, and the GGUF
    /// files they map.
    func agentConfiguration() throws -> (AgentConfiguration, [String]) {
        let specs = try models.specs(needsQA: true)
        let built = try models.makeModels(needsQA: true, maxNewTokens: maxNewTokens, prefixReuse: !noPrefixReuse)
        let files = [specs.plan, specs.ground, specs.qa].compactMap { spec -> String? in
            if case .gguf(let path)? = spec?.source { return path }
            return nil
        }
        let configuration = AgentConfiguration(planner: built.planner, grounder: built.grounder, qaModel: built.qa,
                                               knowledge: try models.knowledge.makeKnowledge())
        return (configuration, files)
    }
}

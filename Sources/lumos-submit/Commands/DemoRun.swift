import AgentCore
import Foundation
import LumosCLI
import Queue
import ResultStore

/// The demo's steps, with cleanup (workers, the private Redis) on success, on error and on Ctrl-C.
final class DemoRun: @unchecked Sendable {
    // @unchecked Sendable: `server` and `processes` are set on the main thread before the signal
    // handler can run, and read under `lock` by it.
    let options: DemoCommand
    private let lock = NSLock()
    private var server: LocalRedisServer?
    private var processes: [Process] = []

    init(options: DemoCommand) { self.options = options }

    func run() throws {
        let out = URL(fileURLWithPath: options.out, isDirectory: true).standardizedFileURL
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let signals = SignalHandler(onFirst: { [self] _ in
            printError("\nInterrupted: stopping the workers and the demo's Redis.")
            cleanUp(graceful: false)
            exit(130)
        })
        defer { cleanUp(graceful: true) }
        try withExtendedLifetime(signals) { try steps(out: out) }
    }

    private func steps(out: URL) throws {
        // 1. Redis: the configured one, or a private server on a socket in a temporary directory.
        let workerRedis: String
        let url: RedisURL
        if let configured = try QueueOptions.configuredURL(flag: options.redis) {
            url = configured
            workerRedis = Environment.current.resolve(options.redis, .redisURL) ?? ""
            print("Redis: \(url)")
        } else {
            let started = try LocalRedisServer(searchPath: Environment.current.searchPath)
            lock.withLock { server = started }
            url = started.url
            workerRedis = "unix://\(started.socketPath)"
            print("Redis: started a private redis-server at \(started.socketPath)")
        }
        let queueName = options.queue ?? (lock.withLock { server } == nil ? "lumos-demo-\(TaskQueue.randomID(bytes: 3))" : "lumos-demo")
        let queue = try QueueOptions.connect(url: url, configuration: QueueConfiguration())
        defer { queue.close() }

        // 2. Tasks.
        let file = try datasetFile(out: out)
        let formulation = options.formulation
        let submitted: SubmitCommand.Summary
        do {
            submitted = try SubmitCommand.submit(file: file, dataset: .gsm8k, formulation: formulation, limit: options.tasks,
                                                 skipBad: true, expansion: try options.sampling.expansion(), queueName: queueName, connect: { queue })
        } catch let stopped as SubmitStopped {
            throw CommandFailure(stopped.report.text)
        }
        guard submitted.submitted > 0 else {
            throw CommandFailure("Every task was already in queue '\(queueName)' from an earlier run; pass another --queue.")
        }
        print("Submitted \(submitted.submitted) GSM8K task(s) (\(formulation.rawValue)) from \(file) as batch \(submitted.batchId)"
              + (submitted.duplicates > 0 ? "; \(submitted.duplicates) were already in the queue" : "") + ".")

        // 3. Workers.
        let worker = try siblingExecutable("lumos-worker")
        let threads = options.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / options.workers)
        var databases: [String] = []
        var logs: [String] = []
        for index in 1...options.workers {
            let db = out.appendingPathComponent("worker-\(index).db").path
            let log = out.appendingPathComponent("worker-\(index).log").path
            databases.append(db)
            logs.append(log)
            var arguments = ["run", "--queue", queueName, "--db", db, "--worker-id", "demo-worker-\(index)",
                             "--exit-when-idle", "--threads", String(threads), "--profile", "fewshot",
                             "--concurrency", String(options.concurrency), "--prefix-cache-mib", String(options.prefixCacheMib)]
            if let cap = options.maxNewTokens { arguments += ["--max-new-tokens", String(cap)] }
            if options.noBatching { arguments.append("--no-batching") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: worker)
            process.arguments = arguments
            // The URL goes through the environment, not argv, so a password never shows in `ps`.
            process.environment = Environment.current.child([.redisURL: workerRedis])
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // A demo killed with SIGKILL takes its workers (and its private Redis) with it.
            OrphanGuard.attach(to: process)
            lock.withLock { processes.append(process) }
        }
        print("Started \(options.workers) worker(s) with \(threads) engine thread(s) and \(options.concurrency) slot(s) each (bundled Gemma, few-shot profile); logs in \(out.path).")

        // 4. Wait.
        let counts = try WaitCommand.wait(queue: queue, name: queueName, batch: submitted.batchId, timeout: options.timeout,
                                          shouldStop: { [self] in lock.withLock { processes.allSatisfy { !$0.isRunning } } })
        guard counts.isFinished else {
            let exited = lock.withLock { processes.allSatisfy { !$0.isRunning } }
            throw CommandFailure(exited
                ? "Every worker exited before the batch finished; see \(logs.joined(separator: ", "))."
                : "The batch did not finish within \(Int(options.timeout)) s; see \(logs.joined(separator: ", ")).")
        }
        print("Batch finished: \(counts.done) done, \(counts.dead) dead, \(counts.cancelled) cancelled.")
        waitForWorkers(seconds: 30)

        // 5. Aggregate, report, mine.
        let results = out.appendingPathComponent("results.db").path
        let present = databases.filter { FileManager.default.fileExists(atPath: $0) }
        let merged = try Aggregator.merge(inputs: present, into: results)
        print("Aggregated \(present.count) worker database(s) into \(results): \(merged)")
        let store = try TrajectoryStore.open(path: results, readOnly: true)
        defer { store.close() }
        print("")
        print(try Report.build(from: store).renderText(), terminator: "")
        let annotations = out.appendingPathComponent("annotations").path
        let mined = try AnnotationMiner.mine(store: store, into: annotations)
        print("")
        print("Mined annotations: \(mined)")

        // 6. Where everything is.
        print("""

            Everything is in \(out.path):
              results (aggregated)  \(results)
              worker databases      \(databases.joined(separator: ", "))
              worker logs           \(logs.joined(separator: ", "))
              annotations           \(annotations)/lumos_*.jsonl
              tasks submitted       \(file)
            Query with: sqlite3 \(results) 'SELECT task_id, termination, correct, final_answer FROM attempts'
            """)
    }

    /// `--sample` writes the built-in set into the output directory; otherwise `--gsm8k`, its
    /// environment variable, else `datasets/gsm8k_test.jsonl` of the repository that holds this
    /// binary (the nearest folder above it with a Package.swift), else of the current directory.
    private func datasetFile(out: URL) throws -> String {
        if options.sample {
            let sample = out.appendingPathComponent("gsm8k-sample.jsonl")
            try DemoSample.jsonl().write(to: sample, atomically: true, encoding: .utf8)
            return sample.path
        }
        if let flag = options.gsm8k {
            guard FileManager.default.isReadableFile(atPath: flag) else { throw CommandFailure("--gsm8k \(flag) cannot be read.") }
            return flag
        }
        if let env = Environment.current.value(.gsm8k) {
            guard FileManager.default.isReadableFile(atPath: env) else {
                throw CommandFailure("\(Setting.gsm8k.name) is set to '\(env)', which cannot be read; fix it or unset it.")
            }
            return env
        }
        let shipped = "datasets/gsm8k_test.jsonl"
        var candidates: [String] = []
        var folder = URL(fileURLWithPath: Self.executablePath()).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        if folder.path != "/" { candidates.append(folder.appendingPathComponent(shipped).path) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(shipped).path)
        if let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) { return found }
        throw CommandFailure("The GSM8K test file was not found (looked at \(candidates.joined(separator: " and "))); "
            + "run the demo from the repository (ops/demo), pass --gsm8k FILE, or pass --sample for the built-in problems.")
    }

    private func siblingExecutable(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: Self.executablePath()).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CommandFailure("\(name) was not found next to lumos-submit (\(path)); build both: swift build -c release.")
        }
        return path
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    private func waitForWorkers(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, lock.withLock({ processes.contains { $0.isRunning } }) { Thread.sleep(forTimeInterval: 0.1) }
    }

    /// Stops workers (SIGTERM, then SIGKILL) and the private Redis. Safe to call twice.
    private func cleanUp(graceful: Bool) {
        let (running, redis) = lock.withLock { () -> ([Process], LocalRedisServer?) in
            defer { processes = []; server = nil }
            return (processes, server)
        }
        for process in running where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(graceful ? 10 : 3)
        while Date() < deadline, running.contains(where: \.isRunning) { Thread.sleep(forTimeInterval: 0.05) }
        for process in running where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        redis?.stop()
    }
}

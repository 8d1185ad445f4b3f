import AgentCore
import ArgumentParser
import Foundation
import LumosCLI
import Queue
import ResultStore

/// The one-command tour: a private Redis, a GSM8K sample, a worker running 8 tasks at once on the
/// bundled model (batched in one engine),
/// a progress bar, then the report and mined annotations.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a GSM8K sample end to end on one machine.",
        discussion: """
            Starts its own redis-server on a private socket unless --redis or \(Setting.redisURL.name) is \
            given, submits --tasks GSM8K problems, runs --workers lumos-worker processes with the \
            bundled Gemma model (few-shot profile), waits, then aggregates, reports and mines. \
            The tasks are the first --tasks problems of the GSM8K test file, so the accuracy printed \
            is the real one: --gsm8k, else $\(Setting.gsm8k.name), else datasets/gsm8k_test.jsonl of the \
            repository this binary was built in, else of the current directory. --sample uses a \
            built-in set of 20 hand-written problems instead.
            """
    )

    @Option(help: "Tasks to run.") var tasks = 20
    // One process with every core and 8 slots measured best: its sessions share the prompt-prefix
    // cache and one batched forward pass per step (README, Benchmarks).
    @Option(help: "Worker processes.") var workers = 1
    @Option(help: "Redis URL (env \(Setting.redisURL.name); default: a private redis-server for the demo).") var redis: String?
    @Option(help: "Directory for the databases, logs and annotations.") var out = "lumos-demo"
    @Option(help: "iterative (Lumos-I) or onetime (Lumos-O, fewer model calls: the default here).") var formulation: Formulation = .onetime
    @Option(help: "Engine threads per worker (default: the cores divided among the workers).") var threads: Int?
    @Option(help: "Tasks each worker runs at once (its sessions share the engine and the prompt-prefix cache).") var concurrency = Setting.recommendedConcurrency
    @Option(help: "MiB of prompt prefixes each worker's sessions share; 0 turns sharing off.") var prefixCacheMib = ModelFactory.defaultPrefixCacheBytes >> 20
    @Flag(help: "Run each task's forward passes alone in the workers (no batching across tasks).") var noBatching = false
    @Option(help: "A GSM8K JSONL file (default: the repository's datasets/gsm8k_test.jsonl).") var gsm8k: String?
    @Flag(help: "Run a built-in set of 20 hand-written problems instead of the GSM8K test file.") var sample = false
    @Option(name: .customLong("max-new-tokens"), help: "Cap every model call at this many new tokens (faster, shorter answers).") var maxNewTokens: Int?
    @Option(help: "The queue (default: lumos-demo on the private Redis, a fresh lumos-demo-<id> on a given one, so an earlier run's tasks do not count as duplicates).") var queue: String?
    @Option(help: "Give up waiting after this many seconds.") var timeout: Double = 7200
    @OptionGroup(title: "Sampled rollouts") var sampling: SamplingOptions

    func validate() throws {
        try FlagCheck.atLeast(tasks, 1, flag: "--tasks")
        try FlagCheck.within(workers, 1...64, flag: "--workers")
        try FlagCheck.within(maxNewTokens, 1...1_000_000, flag: "--max-new-tokens")
        try FlagCheck.atLeast(threads, 1, flag: "--threads")
        try FlagCheck.within(concurrency, 1...64, flag: "--concurrency")
        try FlagCheck.within(prefixCacheMib, 0...1_048_576, flag: "--prefix-cache-mib")
        try FlagCheck.within(timeout, 1...(366 * 86_400), flag: "--timeout")
        if sample, gsm8k != nil { throw ValidationError("--sample and --gsm8k exclude each other; pass one.") }
    }

    func run() throws {
        do {
            try DemoRun(options: self).run()
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }
}

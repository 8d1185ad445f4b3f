import AgentCore
import ArgumentParser
import Foundation
import LumosCLI
import Queue

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a task file as one batch.",
        discussion: """
            Task ids are stable for the same file, line and formulation: submitting a file again \
            adds nothing twice. When any line is bad, nothing is submitted unless --skip-bad. The \
            batch id is printed (on standard error) before anything is written. If the submit \
            stops part-way (a Redis error, or SIGINT between chunks), it says how many of the \
            file's tasks are in the batch and prints the command that adds the rest to the same \
            batch (--batch ID).
            """
    )

    @Argument(help: "The task file (GSM8K JSONL, SVAMP/HotpotQA/StrategyQA JSON arrays, or generic JSONL).")
    var file: String

    @Option(help: "The file's format: \(Dataset.argumentNames) (default: recognised from the content).")
    var dataset: Dataset?

    @Option(help: "iterative (Lumos-I) or onetime (Lumos-O).")
    var formulation: Formulation = .iterative

    @Option(help: "Submit at most this many tasks.")
    var limit: Int?

    @Option(help: "high, normal or low.")
    var priority: Priority = .normal

    @Option(name: .customLong("max-attempts"), help: "Attempts per task before it is dead-lettered.")
    var maxAttempts: Int = 3

    @Option(name: .customLong("task-timeout"), help: "Seconds one attempt may run.")
    var taskTimeout: Double = 600

    @Option(help: "Add the file's tasks to this existing batch (to finish a submit that stopped part-way); tasks already in it are skipped.")
    var batch: String?

    @Flag(name: .customLong("skip-bad"), help: "Submit the good lines even when some are bad.")
    var skipBad = false

    @Flag(help: "Print one JSON object with the batch id and the counts.")
    var json = false

    @OptionGroup var queueOptions: QueueOptions

    @OptionGroup(title: "Sampled rollouts") var sampling: SamplingOptions

    struct Summary: Codable {
        var batchId: String
        var queue: String
        var dataset: String
        var formulation: String
        var submitted: Int
        var duplicates: Int
        var skippedBad: Int
        /// The file's tasks confirmed in the batch (added now or by an earlier run).
        var inBatch: Int
        /// Tasks of the file already in the queue under another batch (left there).
        var inOtherBatches: Int
    }

    func validate() throws {
        try FlagCheck.atLeast(limit, 1, flag: "--limit")
        if !(1...1000).contains(maxAttempts) { throw ValidationError("--max-attempts must be 1 to 1000.") }
        if !(taskTimeout.isFinite && taskTimeout > 0 && taskTimeout <= 366 * 86_400) {
            throw ValidationError("--task-timeout must be a number of seconds more than 0 and at most a year (31622400).")
        }
        if let batch, batch.isEmpty || batch.contains(where: \.isWhitespace) || batch.utf8.count > 200 {
            throw ValidationError("--batch must be a batch id as submit printed it (no spaces, at most 200 bytes).")
        }
    }

    func run() throws {
        // SIGINT/SIGTERM stop between chunks, so the report below says exactly what went in; a
        // second signal exits at once.
        let interrupted = StopSignal()
        let signals = SignalHandler(onFirst: { _ in interrupted.stop() })
        defer { withExtendedLifetime(signals) {} }
        do {
            let summary = try Self.submit(
                file: file, dataset: dataset, formulation: formulation, limit: limit,
                priority: priority, maxAttempts: maxAttempts,
                timeout: taskTimeout, skipBad: skipBad, expansion: try sampling.expansion(), queueName: queueOptions.queueName,
                batchId: batch, shouldStop: { interrupted.isStopped }, connect: queueOptions.connect)
            if json {
                print(try CommandJSON.render(summary))
            } else {
                var line = "Submitted \(summary.submitted) task(s) to queue '\(summary.queue)'"
                if summary.duplicates > 0 { line += " (\(summary.duplicates) already there, left alone)" }
                if summary.inOtherBatches > 0 { line += "; \(summary.inOtherBatches) of them belong to another batch" }
                if summary.skippedBad > 0 { line += ", skipped \(summary.skippedBad) bad line(s)" }
                print(line + ".")
                print("batch \(summary.batchId)")
            }
        } catch let stopped as SubmitStopped {
            if json { print(try CommandJSON.render(stopped.report)) }
            printError("Error: " + stopped.report.text)
            throw ExitCode(stopped.exitCode)
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }

    /// The flag that fixes a task file error (the reader's messages name no flag).
    static func advice(for code: TaskFileError.Code) -> String {
        switch code {
        case .unknownFormat: " Name it with --dataset."
        case .wrongFormat: " Check --dataset."
        case .badLines: "\nPass --skip-bad to submit only the good lines."
        case .unreadable, .empty, .notJSON: ""
        }
    }

    /// Reads, checks and submits a task file; shared with `demo`. A submit that stops part-way
    /// throws ``SubmitStopped``.
    static func submit(
        file: String, dataset: Dataset?, formulation: Formulation, limit: Int?, priority: Priority = .normal,
        maxAttempts: Int = 3, timeout: Double = 600, skipBad: Bool, expansion: SampleExpansion? = nil, queueName: String,
        batchId: String? = nil, showProgress: Bool = true, shouldStop: () -> Bool = { false }, connect: () throws -> TaskQueue
    ) throws -> Summary {
        let taskFile: TaskFile
        do {
            taskFile = try TaskFileReader.read(path: file, dataset: dataset, formulation: formulation, limit: limit)
        } catch let error as TaskFileError {
            throw CommandFailure(error.message + Self.advice(for: error.code))
        }
        if !taskFile.badLines.isEmpty {
            if skipBad {
                for bad in taskFile.badLines.prefix(20) { printError("skipping \(file) \(bad)") }
                if taskFile.badLines.count > 20 { printError("… and \(taskFile.badLines.count - 20) more bad line(s)") }
            } else {
                do { try taskFile.requireNoBadLines() } catch let error as TaskFileError {
                    throw CommandFailure(error.message + Self.advice(for: error.code) + "\nNothing was submitted.")
                }
            }
        }
        guard !taskFile.tasks.isEmpty else {
            throw CommandFailure("\(file) has no usable task; nothing was submitted.")
        }
        let tasks = try (expansion?.expand(taskFile.tasks) ?? taskFile.tasks).map {
            NewTask(id: $0.id, payload: try TaskPayload.encode($0), priority: priority, maxAttempts: maxAttempts, timeoutSeconds: timeout)
        }
        let queue = try connect()
        defer { queue.close() }
        let batchId = batchId ?? TaskQueue.randomID()
        printError("batch \(batchId): submitting \(tasks.count) task(s) to queue '\(queueName)'")
        let progress = ProgressBar(total: tasks.count, label: "submit", enabled: showProgress && isatty(STDERR_FILENO) == 1)
        let outcome: BatchSubmitOutcome
        do {
            outcome = try queue.submitBatch(tasks, to: queueName, batchId: batchId, shouldStop: shouldStop) { progress.update($0) }
        } catch let error as QueueError {
            progress.finish()
            throw CommandFailure("Nothing was submitted to queue '\(queueName)': \(error.message)")
        }
        progress.update(outcome.confirmed, force: true)
        progress.finish()
        if outcome.stop != nil {
            throw SubmitStopped(outcome: outcome, file: file, arguments: CommandLine.arguments)
        }
        let submitted = outcome.addedIds.count
        let duplicates = outcome.alreadyInBatchIds.count + outcome.inOtherBatchIds.count
        return Summary(batchId: batchId, queue: queueName, dataset: taskFile.dataset.rawValue, formulation: formulation.rawValue,
                       submitted: submitted, duplicates: duplicates, skippedBad: taskFile.badLines.count,
                       inBatch: outcome.confirmedInBatch, inOtherBatches: outcome.inOtherBatchIds.count)
    }
}

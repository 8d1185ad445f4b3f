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
            adds nothing twice. When any line is bad, nothing is submitted unless --skip-bad.
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
    }

    func validate() throws {
        try FlagCheck.atLeast(limit, 1, flag: "--limit")
        try FlagCheck.atLeast(maxAttempts, 1, flag: "--max-attempts")
        try FlagCheck.above(taskTimeout, 0, flag: "--task-timeout", unit: "seconds")
    }

    func run() throws {
        do {
            let summary = try Self.submit(
                file: file, dataset: dataset, formulation: formulation, limit: limit,
                priority: priority, maxAttempts: maxAttempts,
                timeout: taskTimeout, skipBad: skipBad, expansion: try sampling.expansion(), queueName: queueOptions.queueName, connect: queueOptions.connect)
            if json {
                print(try CommandJSON.render(summary))
            } else {
                var line = "Submitted \(summary.submitted) task(s) to queue '\(summary.queue)'"
                if summary.duplicates > 0 { line += " (\(summary.duplicates) already there, left alone)" }
                if summary.skippedBad > 0 { line += ", skipped \(summary.skippedBad) bad line(s)" }
                print(line + ".")
                print("batch \(summary.batchId)")
            }
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

    /// Reads, checks and submits a task file; shared with `demo`.
    static func submit(
        file: String, dataset: Dataset?, formulation: Formulation, limit: Int?, priority: Priority = .normal,
        maxAttempts: Int = 3, timeout: Double = 600, skipBad: Bool, expansion: SampleExpansion? = nil, queueName: String, showProgress: Bool = true,
        connect: () throws -> TaskQueue
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
        let batchId = TaskQueue.randomID()
        let progress = ProgressBar(total: tasks.count, label: "submit", enabled: showProgress && isatty(STDERR_FILENO) == 1)
        var submitted = 0
        var duplicates = 0
        let chunk = 2000
        for start in stride(from: 0, to: tasks.count, by: chunk) {
            let result: SubmitResult
            do {
                result = try queue.submit(Array(tasks[start..<min(start + chunk, tasks.count)]), to: queueName, batchId: batchId)
            } catch let error as QueueError {
                progress.finish()
                throw CommandFailure("Submitting to queue '\(queueName)' failed after \(submitted) task(s): \(error.message)")
            }
            submitted += result.acceptedIds.count
            duplicates += result.duplicateIds.count
            progress.update(submitted + duplicates)
        }
        progress.update(submitted + duplicates, force: true)
        progress.finish()
        return Summary(batchId: batchId, queue: queueName, dataset: taskFile.dataset.rawValue, formulation: formulation.rawValue,
                       submitted: submitted, duplicates: duplicates, skippedBad: taskFile.badLines.count)
    }
}

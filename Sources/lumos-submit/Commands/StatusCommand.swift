import ArgumentParser
import Foundation
import LumosCLI
import Queue

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show queue and batch counts and the live workers.",
        discussion: "Exits 4 when --batch names a batch that is not in Redis (never submitted, or lost)."
    )

    @Option(help: "Also show this batch's counts.")
    var batch: String?

    @Flag(help: "Show every queue that has ever had a task under this prefix, not only --queue.")
    var allQueues = false

    @Flag(help: "Print JSON (with --all-queues, an array with one object per queue).")
    var json = false

    func validate() throws {
        if allQueues, batch != nil {
            throw ValidationError("--batch names a batch in one queue; use it with --queue, not with --all-queues.")
        }
    }

    @OptionGroup var queueOptions: QueueOptions

    struct Output: Codable {
        struct Worker: Codable {
            var id: String
            var host: String
            var pid: Int
            var queues: [String]
            var running: [String]
            var secondsSinceSeen: Double?
        }
        struct Counts: Codable {
            var queued, delayed, running, failed, done, dead, cancelled: Int
            var total: Int?
        }
        var queue: String
        var counts: Counts
        var batchId: String?
        var batch: Counts?
        var workers: [Worker]
    }

    func run() throws {
        do {
            let queue = try queueOptions.connect()
            defer { queue.close() }
            let names = allQueues ? try queue.knownQueues() : [queueOptions.queueName]
            let workers = try Self.workers(queue)
            let outputs = try names.map { try Self.read(queue: queue, name: $0, batch: batch, workers: workers) }
            if json {
                print(allQueues ? try CommandJSON.render(outputs) : try CommandJSON.render(outputs[0]))
                return
            }
            if outputs.isEmpty { print("no queues yet under this prefix") }
            for output in outputs { print("queue '\(output.queue)': \(Self.describe(output.counts))") }
            guard let output = outputs.first else { return }
            if let batch, let counts = output.batch {
                print("batch \(batch): \(Self.describe(counts))")
            }
            print("\(output.workers.count) live worker(s)")
            for worker in output.workers {
                let running = worker.running.isEmpty ? "idle" : "running \(worker.running.joined(separator: ", "))"
                print("  \(worker.id)  \(worker.host) pid \(worker.pid)  queues \(worker.queues.joined(separator: ","))  \(running)")
            }
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        } catch let error as QueueError {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
    }

    /// The live workers, read once for every queue shown.
    static func workers(_ queue: TaskQueue) throws -> [Output.Worker] {
        try queue.liveWorkers().map {
            Output.Worker(id: $0.id, host: $0.hostname, pid: $0.pid, queues: $0.queues, running: $0.running,
                          secondsSinceSeen: $0.lastSeen.map { Date().timeIntervalSince($0) })
        }
    }

    static func read(queue: TaskQueue, name: String, batch: String?, workers: [Output.Worker]) throws -> Output {
        func counts(_ c: QueueCounts, total: Int? = nil) -> Output.Counts {
            Output.Counts(queued: c.queued, delayed: c.delayed, running: c.running, failed: c.failed, done: c.done,
                          dead: c.dead, cancelled: c.cancelled, total: total)
        }
        var batchCounts: Output.Counts?
        if let batch {
            guard let found = try queue.batch(batch, in: name) else {
                throw WaitCommand.missingBatch(batch, queue: name)
            }
            batchCounts = counts(found.states, total: found.total)
        }
        return Output(queue: name, counts: counts(try queue.counts(of: name)), batchId: batch, batch: batchCounts, workers: workers)
    }

    static func describe(_ c: Output.Counts) -> String {
        var parts = ["queued \(c.queued)", "delayed \(c.delayed)", "running \(c.running)", "retrying \(c.failed)",
                     "done \(c.done)", "dead \(c.dead)", "cancelled \(c.cancelled)"]
        if let total = c.total { parts.insert("total \(total)", at: 0) }
        return parts.joined(separator: ", ")
    }
}

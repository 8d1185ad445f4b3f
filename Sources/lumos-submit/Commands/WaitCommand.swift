import ArgumentParser
import Foundation
import LumosBase
import LumosCLI
import Queue

struct WaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for a batch to finish, with a progress bar.",
        discussion: "Exits 0 when every task is done, dead or cancelled, and 3 on timeout."
    )

    static let timeoutExitCode: Int32 = 3
    static let outageBackoff = Backoff(initial: 0.25, maximum: 5)

    @Argument(help: "The batch id printed by submit.")
    var batch: String

    @Option(help: "Give up after this many seconds (default: wait for ever).")
    var timeout: Double?

    @OptionGroup var queueOptions: QueueOptions

    func run() throws {
        do {
            let queue = try queueOptions.connect()
            defer { queue.close() }
            let counts = try Self.wait(queue: queue, name: queueOptions.queueName, batch: batch, timeout: timeout)
            print("batch \(batch): \(counts.done) done, \(counts.dead) dead, \(counts.cancelled) cancelled of \(counts.total)")
            if !counts.isFinished {
                printError("Timed out after \(Int(timeout ?? 0)) s with \(counts.total - counts.done - counts.dead - counts.cancelled) task(s) unfinished.")
                throw ExitCode(Self.timeoutExitCode)
            }
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }

    /// Follows the batch on the result stream (blocking reads, no polling) with a progress bar;
    /// returns the last counts, finished or not. Redis outages are waited out.
    static func wait(queue: TaskQueue, name: String, batch: String, timeout: Double?, shouldStop: () -> Bool = { false }) throws -> BatchCounts {
        let deadline = timeout.map { Date().addingTimeInterval($0) } ?? .distantFuture
        guard var counts = try queue.batch(batch, in: name) else {
            throw CommandFailure("There is no batch '\(batch)' in queue '\(name)'; check the id and --queue.")
        }
        let progress = ProgressBar(total: counts.total, label: "batch")
        defer { progress.finish() }
        var cursor = (try? queue.latestEventId(in: name)) ?? "0"
        var correct = 0
        var failures = 0
        while !counts.isFinished, Date() < deadline, !shouldStop() {
            let finished = counts.done + counts.dead + counts.cancelled
            progress.update(finished, detail: "running \(counts.running)  retrying \(counts.failed)" + (correct > 0 ? "  correct \(correct)" : ""))
            do {
                let page = try queue.readEvents(from: name, after: cursor, count: 1000, blockSeconds: min(1, max(0.05, deadline.timeIntervalSinceNow)))
                cursor = page.cursor
                correct += page.events.filter { $0.batchId == batch && $0.kind == .done && Self.isCorrect($0.payload) }.count
                counts = try queue.batch(batch, in: name) ?? counts
                failures = 0
            } catch let error as QueueError {
                failures += 1
                progress.update(finished, detail: "Redis unavailable, retrying (\(error.code))", force: true)
                Thread.sleep(forTimeInterval: Self.outageBackoff.delay(attempt: failures))
            }
        }
        progress.update(counts.done + counts.dead + counts.cancelled, force: true)
        return counts
    }

    private static func isCorrect(_ payload: Data?) -> Bool {
        guard let payload, let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else { return false }
        return object["correct"] as? Bool == true
    }
}

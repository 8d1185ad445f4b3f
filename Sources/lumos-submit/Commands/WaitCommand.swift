import ArgumentParser
import Foundation
import LumosBase
import LumosCLI
import Queue

struct WaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for a batch to finish, with a progress bar.",
        discussion: """
            Exits 0 when every task is done, dead or cancelled; 3 on timeout; 4 when the batch does \
            not exist or vanished (Redis restarted without persistence, or was flushed); 5 when \
            Redis stayed unreachable for --unreachable-after seconds.
            """
    )

    static let timeoutExitCode: Int32 = 3
    /// The batch is not in Redis (any more): waiting longer cannot help.
    static let missingBatchExitCode: Int32 = 4
    static let unreachableExitCode: Int32 = 5
    static let outageBackoff = Backoff(initial: 0.25, maximum: 2)

    @Argument(help: "The batch id printed by submit.")
    var batch: String

    @Option(help: "Give up after this many seconds (default: wait for ever).")
    var timeout: Double?

    @Option(name: .customLong("unreachable-after"), help: "Give up when Redis has been unreachable this many seconds.")
    var unreachableAfter: Double = 30

    func validate() throws {
        if let timeout, !(timeout.isFinite && timeout > 0 && timeout <= 366 * 86_400) {
            throw ValidationError("--timeout must be a number of seconds more than 0 and at most a year (leave it out to wait for ever).")
        }
        if !(unreachableAfter.isFinite && unreachableAfter >= 1 && unreachableAfter <= 86_400) {
            throw ValidationError("--unreachable-after must be 1 to 86400 seconds.")
        }
    }

    @OptionGroup var queueOptions: QueueOptions

    func run() throws {
        do {
            let queue = try queueOptions.connect()
            defer { queue.close() }
            let counts = try Self.wait(queue: queue, name: queueOptions.queueName, batch: batch, timeout: timeout,
                                       unreachableAfter: unreachableAfter)
            print("batch \(batch): \(counts.done) done, \(counts.dead) dead, \(counts.cancelled) cancelled of \(counts.total)")
            if !counts.isFinished {
                printError("Timed out after \(Int(timeout ?? 0)) s with \(counts.total - counts.done - counts.dead - counts.cancelled) task(s) unfinished.")
                throw ExitCode(Self.timeoutExitCode)
            }
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        } catch let error as QueueError {
            printError("Error: \(error.message)")
            let unreachable: Set<QueueError.Code> = [.connectionRefused, .connectionTimeout, .connectionLost]
            throw ExitCode(unreachable.contains(error.code) ? Self.unreachableExitCode : 1)
        }
    }

    /// Follows the batch on the result stream (blocking reads, no polling) with a progress bar;
    /// returns the last counts, finished or not. Redis outages are waited out for
    /// `unreachableAfter` seconds (said on standard error at once, terminal or not); a batch that
    /// disappears is an error at once.
    static func wait(queue: TaskQueue, name: String, batch: String, timeout: Double?, unreachableAfter: Double = 30,
                     shouldStop: () -> Bool = { false }) throws -> BatchCounts {
        let deadline = timeout.map { Date().addingTimeInterval($0) } ?? .distantFuture
        guard var counts = try queue.batch(batch, in: name) else {
            throw missingBatch(batch, queue: name)
        }
        let progress = ProgressBar(total: counts.total, label: "batch")
        defer { progress.finish() }
        var cursor = (try? queue.latestEventId(in: name)) ?? "0"
        var correct = 0
        var failures = 0
        var unreachableSince: Date?
        while !counts.isFinished, Date() < deadline, !shouldStop() {
            let finished = counts.done + counts.dead + counts.cancelled
            progress.update(finished, detail: "running \(counts.running)  retrying \(counts.failed)" + (correct > 0 ? "  correct \(correct)" : ""))
            do {
                let page = try queue.readEvents(from: name, after: cursor, count: 1000, blockSeconds: min(1, max(0.05, deadline.timeIntervalSinceNow)))
                cursor = page.cursor
                correct += page.events.filter { $0.batchId == batch && $0.kind == .done && Self.isCorrect($0.payload) }.count
                guard let now = try queue.batch(batch, in: name) else {
                    progress.finish()
                    throw missingBatch(batch, queue: name, seen: counts)
                }
                counts = now
                failures = 0
                if unreachableSince != nil { printError("Redis is reachable again; still waiting for batch \(batch).") }
                unreachableSince = nil
            } catch let error as QueueError {
                failures += 1
                let since = unreachableSince ?? Date()
                if unreachableSince == nil {
                    progress.finish()
                    printError("Redis is unreachable (\(error.message)); retrying for up to \(Int(unreachableAfter)) s.")
                }
                unreachableSince = since
                if Date().timeIntervalSince(since) >= unreachableAfter {
                    throw CommandFailure("Redis stayed unreachable for \(Int(unreachableAfter)) s while waiting for batch \(batch): \(error.message) The batch was \(finished) of \(counts.total) finished when last seen; run wait again once Redis is back.",
                                         exitCode: unreachableExitCode)
                }
                progress.update(finished, detail: "Redis unavailable, retrying", force: true)
                Thread.sleep(forTimeInterval: min(Self.outageBackoff.delay(attempt: failures), max(0.05, since.addingTimeInterval(unreachableAfter).timeIntervalSinceNow)))
            }
        }
        progress.update(counts.done + counts.dead + counts.cancelled, force: true)
        return counts
    }

    /// The error for a batch that is not in Redis: never submitted, or lost since (`seen`).
    static func missingBatch(_ batch: String, queue: String, seen: BatchCounts? = nil) -> CommandFailure {
        if let seen {
            return CommandFailure(
                "Batch '\(batch)' vanished from queue '\(queue)' (it had \(seen.total) task(s), \(seen.done + seen.dead + seen.cancelled) finished): Redis lost its data (a restart without persistence, a flush, or another prefix). Its tasks are gone from the queue; submit the file again (results already written stay in the worker databases).",
                exitCode: missingBatchExitCode)
        }
        return CommandFailure(
            "There is no batch '\(batch)' in queue '\(queue)': check the id and --queue (and --prefix). If it existed, Redis lost it (a restart without persistence, or a flush); submit the file again.",
            exitCode: missingBatchExitCode)
    }

    private static func isCorrect(_ payload: Data?) -> Bool {
        guard let payload, let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else { return false }
        return object["correct"] as? Bool == true
    }
}

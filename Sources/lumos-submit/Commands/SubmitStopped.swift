import Foundation
import Queue

/// A submit that stopped part-way: what is in the batch, what is not, and the command that adds
/// the rest of the file to the same batch.
struct SubmitStopped: Error {
    struct Report: Codable {
        var batchId: String
        var queue: String
        var stopped: String
        var reason: String
        /// Tasks in the file (after --limit and bad lines).
        var fileTasks: Int
        /// The file's tasks Redis confirmed to be in the batch.
        var inBatch: Int
        /// The batch's size as Redis reports it after the stop (nil when Redis could not be read).
        var batchTotalInRedis: Int?
        var addedNow: Int
        var inOtherBatches: Int
        var refused: Int
        var unconfirmedIds: [String]
        var notSent: Int
        var resumeCommand: String

        var text: String {
            var lines = ["The submit to queue '\(queue)' stopped: \(reason)"]
            var held = "Batch \(batchId) holds \(inBatch) of the file's \(fileTasks) task(s) (confirmed by Redis"
            if let batchTotalInRedis { held += "; Redis counts \(batchTotalInRedis) in the batch" }
            lines.append(held + ").")
            var rest: [String] = []
            if refused > 0 { rest.append("\(refused) refused by Redis") }
            if notSent > 0 { rest.append("\(notSent) not sent") }
            if inOtherBatches > 0 { rest.append("\(inOtherBatches) already in another batch (left there)") }
            if !rest.isEmpty { lines.append("Not in the batch: " + rest.joined(separator: ", ") + ".") }
            if !unconfirmedIds.isEmpty {
                let shown = unconfirmedIds.prefix(20).joined(separator: " ")
                let more = unconfirmedIds.count > 20 ? " … and \(unconfirmedIds.count - 20) more (--json lists them all)" : ""
                lines.append("\(unconfirmedIds.count) task(s) were sent without an answer and may or may not be in: \(shown)\(more)")
            }
            lines.append("To add the rest of the file to the same batch (tasks already in it are skipped), run:")
            lines.append("  \(resumeCommand)")
            return lines.joined(separator: "\n")
        }
    }

    let report: Report
    let exitCode: Int32

    init(outcome: BatchSubmitOutcome, file: String, arguments: [String]) {
        let reason: String
        switch outcome.stop {
        case .failed(let error)?:
            reason = error.message
            exitCode = 1
        case .interrupted?, nil:
            reason = "interrupted by a signal (between chunks)."
            exitCode = 130
        }
        report = Report(
            batchId: outcome.batchId, queue: outcome.queue,
            stopped: exitCode == 130 ? "interrupted" : "failed", reason: reason,
            fileTasks: outcome.allIds.count, inBatch: outcome.confirmedInBatch, batchTotalInRedis: outcome.batchTotalInRedis,
            addedNow: outcome.addedIds.count, inOtherBatches: outcome.inOtherBatchIds.count, refused: outcome.refusedIds.count,
            unconfirmedIds: outcome.unconfirmedIds, notSent: outcome.notSentIds.count,
            resumeCommand: Self.resumeCommand(arguments: arguments, batchId: outcome.batchId))
    }

    /// The command line as given, with `--batch` set to this batch.
    static func resumeCommand(arguments: [String], batchId: String) -> String {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--batch" { skipNext = true; continue }
            if argument.hasPrefix("--batch=") { continue }
            kept.append(argument)
        }
        if kept.isEmpty { kept = ["lumos-submit", "submit"] }
        return (kept + ["--batch", batchId]).map(shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.unicodeScalars.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

import AgentCore
import ArgumentParser
import Foundation
import LumosCLI
import Queue
import ResultStore

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Gather published results into a central SQLite file.",
        discussion: """
            Reads the queue's result stream and keeps one result per task (as 'aggregate' does). \
            Running it again adds nothing twice. Trajectories too large for an event stay in the \
            worker databases: gather those with 'aggregate'.
            """
    )

    @Option(help: "The results database to collect into (created if missing).")
    var into: String

    @Option(help: "Only this batch.")
    var batch: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @OptionGroup var queueOptions: QueueOptions

    struct Summary: Codable {
        var events = 0
        var added = 0
        var replaced = 0
        var skipped = 0
        /// Results whose trajectory is only in a worker's database.
        var workerDatabaseOnly = 0
        var undecodable = 0
        var tasks = 0
    }

    func run() throws {
        do {
            let queue = try queueOptions.connect()
            defer { queue.close() }
            let summary = try Self.collect(queue: queue, name: queueOptions.queueName, batch: batch, into: into)
            if json {
                print(try CommandJSON.render(summary))
            } else {
                var line = "Collected \(summary.events) result event(s) into \(into): \(summary.added) added, \(summary.replaced) replaced, \(summary.skipped) already there; \(summary.tasks) task(s) in the file."
                if summary.workerDatabaseOnly > 0 {
                    line += " \(summary.workerDatabaseOnly) trajectory(ies) were too large for events: merge the worker databases with 'aggregate'."
                }
                print(line)
            }
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }

    static func collect(queue: TaskQueue, name: String, batch: String?, into path: String) throws -> Summary {
        let store = try TrajectoryStore.open(path: path)
        defer { store.close() }
        var summary = Summary()
        var cursor = "0"
        while true {
            let page = try queue.readEvents(from: name, after: cursor, count: 1000)
            for event in page.events where batch == nil || event.batchId == batch {
                guard let payload = event.payload, !payload.isEmpty else { continue }
                summary.events += 1
                guard let result = try? ResultEvent.decode(payload) else {
                    summary.undecodable += 1
                    continue
                }
                guard let trajectory = result.trajectory else {
                    summary.workerDatabaseOnly += 1
                    continue
                }
                switch try Aggregator.offer(trajectory, workerID: result.workerId, to: store) {
                case .added: summary.added += 1
                case .replaced: summary.replaced += 1
                case .skipped: summary.skipped += 1
                }
            }
            if page.cursor == cursor { break }
            cursor = page.cursor
        }
        summary.tasks = try store.counts().tasks
        return summary
    }
}

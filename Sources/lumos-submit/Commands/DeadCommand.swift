import ArgumentParser
import Foundation
import LumosCLI
import Queue

struct DeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead",
        abstract: "List, requeue or purge dead-lettered tasks."
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, requeue, purge
    }

    @Argument(help: "list (default), requeue, or purge.") var action: Action = .list
    @Option(name: .customLong("id"), help: "Only this task id (repeatable). Without it, requeue and purge act on every dead task.")
    var ids: [String] = []
    @Option(help: "How many tasks to list.") var limit = 50
    @OptionGroup var queueOptions: QueueOptions
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        try FlagCheck.atLeast(limit, 1, flag: "--limit")
    }

    func run() throws {
        let queue = queueOptions.queueName
        let taskQueue = try queueOptions.connect()
        defer { taskQueue.close() }
        switch action {
        case .list:
            let total = try taskQueue.deadCount(in: queue)
            let tasks = try taskQueue.deadTasks(in: queue, limit: limit)
                .filter { ids.isEmpty || ids.contains($0.id) }
            if json {
                try printJSON(["queue": queue, "dead": total, "tasks": tasks.map(Self.describe)])
            } else {
                print("\(total) dead task(s) in queue '\(queue)'\(total > tasks.count ? ", newest \(tasks.count) shown" : ""):")
                for task in tasks {
                    let when = task.finishedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "?"
                    print("  \(task.id)  batch \(task.batchId)  attempts \(task.attempt)/\(task.maxAttempts)  died \(when)")
                    print("      last error: \(task.lastError ?? "-")")
                }
            }
        case .requeue, .purge:
            let selected = ids.isEmpty ? nil : ids
            // A named task that is not dead is a mistake (a typo, or already requeued): act on none.
            let missing = try taskQueue.notDead(ids, in: queue)
            if !missing.isEmpty {
                let list = missing.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > 10 ? " … (\(missing.count) in all)" : "")
                printError("Error: no dead task \(list) in queue '\(queue)': check the id with 'lumos-submit dead list' (and --queue). Nothing was \(action == .requeue ? "requeued" : "purged").")
                throw ExitCode.failure
            }
            let count = action == .requeue
                ? try taskQueue.requeueDead(in: queue, ids: selected)
                : try taskQueue.purgeDead(in: queue, ids: selected)
            if json {
                try printJSON(["queue": queue, "action": action.rawValue, "count": count])
            } else {
                print("\(action == .requeue ? "Requeued" : "Purged") \(count) dead task(s) in queue '\(queue)'.")
            }
        }
    }

    private static func describe(_ task: TaskEnvelope) -> [String: Any] {
        var object: [String: Any] = [
            "id": task.id, "batch": task.batchId, "attempt": task.attempt, "max_attempts": task.maxAttempts,
            "priority": task.priority.rawValue, "payload_bytes": task.payload.count,
        ]
        if let error = task.lastError { object["last_error"] = error }
        if let finished = task.finishedAt { object["died_at"] = finished.timeIntervalSince1970 }
        return object
    }

    private func printJSON(_ object: [String: Any]) throws {
        print(try CommandJSON.render(object: object))
    }
}

import ArgumentParser
import Foundation
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
    @Option(help: "The queue (env LUMOS_QUEUE; default \(QueueConfiguration.defaultQueue)).") var queue: String?
    @Option(help: "Key prefix shared by every process using the queue (env LUMOS_PREFIX; default lumos:).") var prefix: String?
    @Option(name: .customLong("id"), help: "Only this task id (repeatable). Without it, requeue and purge act on every dead task.")
    var ids: [String] = []
    @Option(help: "How many tasks to list.") var limit = 50
    @Option(help: "Redis URL (default: LUMOS_REDIS_URL, else redis://127.0.0.1:6379).") var redis: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("Please give --limit of at least 1.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let queue = self.queue ?? environment["LUMOS_QUEUE"] ?? QueueConfiguration.defaultQueue
        var configuration = QueueConfiguration()
        if let prefix = prefix ?? environment["LUMOS_PREFIX"] { configuration.keyPrefix = prefix }
        let url = try RedisURL.configured(flag: redis) ?? .localDefault
        let taskQueue = try TaskQueue(url: url, configuration: configuration)
        defer { taskQueue.close() }
        for warning in taskQueue.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
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
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

import Foundation
import Synchronization
import Queue
import ResultStore

/// What the handlers share: the Redis connection, the result databases, the event tracker and
/// the token. Every method blocks; handlers call them through `Blocking.run`.
///
/// `@unchecked Sendable`: `TaskQueue` and `TrajectoryStore` serialise their own use, and the
/// rest is immutable or the tracker (which locks).
final class ConsoleState: @unchecked Sendable {
    let configuration: ConsoleConfiguration
    let token: AccessToken
    let queue: TaskQueue
    let stores: [TrajectoryStore]
    let tracker = EventTracker()
    let facetCache = Mutex<(at: Date, facets: AttemptFacets)?>(nil)

    init(configuration: ConsoleConfiguration) throws {
        self.configuration = configuration
        token = AccessToken(configuration.token)
        queue = try TaskQueue(url: configuration.redis, configuration: configuration.queue,
                              options: ConnectionOptions(connectTimeout: 3, commandTimeout: 10, reconnectAttempts: 2))
        var opened: [TrajectoryStore] = []
        for path in configuration.databases {
            do {
                opened.append(try TrajectoryStore.open(path: path))
            } catch let error as StoreError {
                for store in opened { store.close() }
                throw ConsoleError(.badDatabase, "Cannot open the results database '\(path)': \(error.message)")
            }
        }
        stores = opened
    }

    func close() {
        queue.close()
        for store in stores { store.close() }
    }

    /// The database names shown on pages: file names, with the index where two collide.
    var databaseNames: [String] {
        stores.enumerated().map { index, store in
            let name = (store.path as NSString).lastPathComponent
            return stores.filter { ($0.path as NSString).lastPathComponent == name }.count > 1 ? "\(index):\(name)" : name
        }
    }

    func store(_ index: Int) throws -> TrajectoryStore {
        guard stores.indices.contains(index) else {
            throw ConsoleError(.notFound, "There is no database number \(index); the console serves \(stores.count).")
        }
        return stores[index]
    }

    // MARK: Queue reads

    struct QueueRow {
        var name: String
        var counts: QueueCounts
    }

    struct Overview {
        var queues: [QueueRow]
        var workers: [WorkerInfo]
        var minutes: [MinuteBucket]
        var now: Date
    }

    func overview() throws -> Overview {
        let names = try queue.knownQueues()
        try tracker.refresh(queue, queues: names)
        let rows = try names.map { QueueRow(name: $0, counts: try queue.counts(of: $0)) }
        return Overview(queues: rows, workers: try queue.liveWorkers(), minutes: tracker.minuteSeries(queue: nil), now: Date())
    }

    struct BatchRow {
        var queue: String
        var counts: BatchCounts
        var activity: BatchActivity?
    }

    func batches() throws -> [BatchRow] {
        let names = try queue.knownQueues()
        try tracker.refresh(queue, queues: names)
        return try names.flatMap { name in
            try queue.batches(in: name).map { BatchRow(queue: name, counts: $0, activity: tracker.batch($0.batchId)) }
        }
    }

    func batch(_ id: String, in name: String) throws -> BatchRow {
        try tracker.refresh(queue, queues: [name])
        guard let counts = try queue.batch(id, in: name) else {
            throw ConsoleError(.notFound, "There is no batch '\(id)' in queue '\(name)'.")
        }
        return BatchRow(queue: name, counts: counts, activity: tracker.batch(id))
    }

    /// Where a task's stored trajectory is: (database index, row id), from the first file that has it.
    func locate(taskID: String, attempt: Int?) throws -> (Int, Int)? {
        for (index, store) in stores.enumerated() {
            if let id = try store.attemptID(taskID: taskID, attempt: attempt) { return (index, id) }
        }
        return nil
    }
}

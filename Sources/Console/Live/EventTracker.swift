import Foundation
import Queue

/// Follows every queue's result stream and keeps the last hour per minute (throughput and
/// latency), per batch (accuracy, rate, recent tasks) and per worker (tokens per second).
/// It starts an hour back, then reads only new entries on each refresh.
///
/// `@unchecked Sendable`: all state is behind `lock`; `refresh` does its blocking Redis reads
/// outside the lock and merges under it.
final class EventTracker: @unchecked Sendable {
    static let window: Double = 3600
    private let lock = NSLock()
    private var cursors: [String: String] = [:]
    private var minutes: [String: [Int: MinuteBucket]] = [:]
    private var batches: [String: BatchActivity] = [:]
    private var workers: [String: WorkerRate] = [:]
    private static let recentCap = 200
    private static let rateSamples = 200

    /// Reads new events of `names` from `queue` and folds them in.
    func refresh(_ queue: TaskQueue, queues names: [String], now: Date = Date()) throws {
        for name in names {
            let start = lock.withLock { cursors[name] } ?? "\(Int((now.timeIntervalSince1970 - Self.window) * 1000))-0"
            var cursor = start
            // A bounded catch-up per refresh, so one slow page never reads the whole stream.
            for _ in 0..<20 {
                let page = try queue.readEvents(from: name, after: cursor, count: 1000)
                if page.events.isEmpty { break }
                lock.withLock { for event in page.events { fold(event, queue: name) } }
                cursor = page.cursor
                if page.events.count < 1000 { break }
            }
            lock.withLock {
                cursors[name] = cursor
                let oldest = Int((now.timeIntervalSince1970 - Self.window) / 60)
                minutes[name] = minutes[name]?.filter { $0.key >= oldest }
            }
        }
    }

    private func fold(_ event: QueueEvent, queue: String) {
        let millis = Double(event.streamId.split(separator: "-").first.flatMap { Int($0) } ?? 0)
        let seconds = millis / 1000
        let minute = Int(seconds / 60)
        let digest = EventDigest.decode(event.payload)
        var bucket = minutes[queue, default: [:]][minute, default: MinuteBucket()]
        switch event.kind {
        case .done:
            bucket.done += 1
            if let ms = digest?.milliseconds {
                bucket.latencyTotal += ms
                bucket.latencyCount += 1
            }
        case .dead, .retry: bucket.failed += 1
        case .cancelled: break
        }
        minutes[queue, default: [:]][minute] = bucket
        if !event.batchId.isEmpty {
            var batch = batches[event.batchId, default: BatchActivity()]
            if event.kind == .done, let correct = digest?.correct {
                batch.judged += 1
                if correct { batch.correct += 1 }
            }
            if event.kind != .retry {
                batch.recentFinishes.append(seconds)
                if batch.recentFinishes.count > Self.rateSamples { batch.recentFinishes.removeFirst() }
            }
            batch.recent.insert(RecentEvent(taskID: event.taskId, kind: event.kind.rawValue, attempt: event.attempt,
                                            correct: digest?.correct, error: event.error, at: seconds), at: 0)
            if batch.recent.count > Self.recentCap { batch.recent.removeLast() }
            batches[event.batchId] = batch
        }
        if let worker = digest?.workerId, let generation = digest?.generation {
            var rate = workers[worker, default: WorkerRate()]
            rate.tokens += generation.tokens
            rate.milliseconds += generation.milliseconds
            workers[worker] = rate
        }
    }

    /// The last `count` minutes of `queue`, oldest first (every queue together when nil).
    func minuteSeries(queue: String?, count: Int = 60, now: Date = Date()) -> [MinuteBucket] {
        let current = Int(now.timeIntervalSince1970 / 60)
        return lock.withLock {
            let selected = queue.map { [minutes[$0] ?? [:]] } ?? Array(minutes.values)
            return (current - count + 1...current).map { minute in
                selected.reduce(into: MinuteBucket()) { sum, buckets in
                    guard let bucket = buckets[minute] else { return }
                    sum.done += bucket.done
                    sum.failed += bucket.failed
                    sum.latencyTotal += bucket.latencyTotal
                    sum.latencyCount += bucket.latencyCount
                }
            }
        }
    }

    func batch(_ id: String) -> BatchActivity? { lock.withLock { batches[id] } }
    func worker(_ id: String) -> WorkerRate? { lock.withLock { workers[id] } }
}

import Foundation
import Logging
import LumosBase
import Queue

/// Retrying Redis operations across outages: the connection reconnects itself, and this waits
/// with exponential backoff (capped, jittered) between tries. Lease errors are answers, not
/// outages, and are rethrown at once.
struct RedisRetry {
    let metrics: WorkerMetrics
    let logger: Logger

    static let backoff = Backoff(initial: 0.5, maximum: 30)

    /// Runs `body` until it succeeds, throws a non-outage error, or `giveUp` says stop (then the
    /// last outage error is thrown).
    func run<R>(_ what: String, metadata: Logger.Metadata = [:], giveUp: () -> Bool, _ body: () throws -> R) throws -> R {
        var failures = 0
        while true {
            do {
                return try body()
            } catch let error as QueueError where error.isTransient {
                failures += 1
                metrics.redisReconnected()
                var fields = metadata
                fields["error"] = "\(error)"
                fields["failures"] = "\(failures)"
                logger.warning("Redis unavailable during \(what); retrying", metadata: fields)
                if giveUp() { throw error }
                Thread.sleep(forTimeInterval: Self.backoff.delay(attempt: failures))
                if giveUp() { throw error }
            }
        }
    }
}

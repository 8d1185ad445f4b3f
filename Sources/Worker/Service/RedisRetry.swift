import Foundation
import Logging
import Queue

/// Retrying Redis operations across outages: the connection reconnects itself, and this waits
/// with exponential backoff (capped, jittered) between tries. Lease errors are answers, not
/// outages, and are rethrown at once.
struct RedisRetry {
    let metrics: WorkerMetrics
    let logger: Logger

    static func isOutage(_ error: any Error) -> Bool {
        guard let error = error as? QueueError else { return false }
        return [.connectionLost, .connectionRefused, .connectionTimeout, .timedOut, .protocolError, .serverError, .outOfMemory]
            .contains(error.code)
    }

    static func backoff(_ failures: Int) -> Double {
        min(30, 0.25 * pow(2, Double(min(failures, 8)))) * Double.random(in: 0.8...1.2)
    }

    /// Runs `body` until it succeeds, throws a non-outage error, or `giveUp` says stop (then the
    /// last outage error is thrown).
    func run<R>(_ what: String, metadata: Logger.Metadata = [:], giveUp: () -> Bool, _ body: () throws -> R) throws -> R {
        var failures = 0
        while true {
            do {
                return try body()
            } catch where Self.isOutage(error) {
                failures += 1
                metrics.redisReconnected()
                var fields = metadata
                fields["error"] = "\(error)"
                fields["failures"] = "\(failures)"
                logger.warning("Redis unavailable during \(what); retrying", metadata: fields)
                if giveUp() { throw error }
                Thread.sleep(forTimeInterval: Self.backoff(failures))
                if giveUp() { throw error }
            }
        }
    }
}

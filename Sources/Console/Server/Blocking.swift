import Dispatch

/// Runs the blocking Redis and SQLite calls on GCD threads, never on Swift's cooperative pool,
/// whose few threads the server's handlers share.
enum Blocking {
    private static let queue = DispatchQueue(label: "lumos.console.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

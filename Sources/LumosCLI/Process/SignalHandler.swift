import Dispatch
import Foundation

/// SIGINT and SIGTERM through dispatch sources (the default handlers are ignored): the first
/// starts a graceful shutdown, the second exits at once with status 130, leaving leases to expire.
public final class SignalHandler: @unchecked Sendable {
    // @unchecked Sendable: `received` is only touched on `queue`, a serial queue.
    private let queue = DispatchQueue(label: "lumos.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var received = 0

    public init(onFirst: @escaping @Sendable (Int32) -> Void, onSecond: @escaping @Sendable (Int32) -> Void = { _ in exit(130) }) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                self.received += 1
                if self.received == 1 { onFirst(number) } else { onSecond(number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}

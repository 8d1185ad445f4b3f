import Foundation
import Synchronization

/// Measures bulk submit and no-op processing (reserve + complete, nothing in between) against
/// a Redis server. Consumers are threads, each with its own connection.
public enum QueueBenchmark {
    public struct Options: Sendable {
        public var tasks: Int
        public var consumers: Int
        /// Tasks reserved per reserve call (and completed per complete call).
        public var reserveBatch: Int
        public var payloadBytes: Int
        public var queue: String

        public init(tasks: Int = 100_000, consumers: Int = 4, reserveBatch: Int = 16, payloadBytes: Int = 200, queue: String = "bench") {
            self.tasks = tasks
            self.consumers = consumers
            self.reserveBatch = reserveBatch
            self.payloadBytes = payloadBytes
            self.queue = queue
        }
    }

    public struct Result: Sendable {
        public var tasks: Int
        public var submitSeconds: Double
        public var submitRoundTrips: Int
        public var processSeconds: Double
        public var processed: Int
        /// Redis server CPU seconds (user + system) spent in each phase: a load-independent cost.
        public var submitServerCPU: Double?
        public var processServerCPU: Double?
        /// CPU seconds of the submitting thread (client-side cost of the bulk submit).
        public var submitClientCPU: Double
        public var submitPerSecond: Double { Double(tasks) / submitSeconds }
        public var processPerSecond: Double { Double(processed) / processSeconds }
    }

    /// Submits `tasks` tasks in bulk, then drains them with `consumers` threads.
    public static func run(url: RedisURL, configuration: QueueConfiguration, options: Options) throws -> Result {
        let submitter = try TaskQueue(url: url, configuration: configuration)
        defer { submitter.close() }
        let filler = String(repeating: "x", count: max(0, options.payloadBytes - 60))
        let tasks = (0..<options.tasks).map { index in
            NewTask(id: "bench-\(index)", payload: Data(#"{"dataset":"gsm8k","index":\#(index),"question":"\#(filler)"}"#.utf8))
        }
        let cpu0 = serverCPU(submitter)
        let tripsBefore = submitter.roundTrips
        let submitStart = Date()
        let clientStart = threadCPU()
        try submitter.submit(tasks, to: options.queue, batchId: "bench")
        let submitClientCPU = threadCPU() - clientStart
        let submitSeconds = Date().timeIntervalSince(submitStart)
        let submitTrips = submitter.roundTrips - tripsBefore
        let cpu1 = serverCPU(submitter)
        let (processed, processSeconds) = try drain(url: url, configuration: configuration, options: options)
        let cpu2 = serverCPU(submitter)
        return Result(tasks: options.tasks, submitSeconds: submitSeconds, submitRoundTrips: submitTrips,
                      processSeconds: processSeconds, processed: processed,
                      submitServerCPU: zip2(cpu0, cpu1).map { $1 - $0 }, processServerCPU: zip2(cpu1, cpu2).map { $1 - $0 },
                      submitClientCPU: submitClientCPU)
    }

    private static func threadCPU() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    /// used_cpu_user + used_cpu_sys of the server, from INFO cpu.
    private static func serverCPU(_ queue: TaskQueue) -> Double? {
        guard let text = try? queue.withConnection({ try $0.checkedSend(RedisCommand("INFO", "cpu")).string }) else { return nil }
        var total = 0.0
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":")
            if parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys", let value = Double(parts[1]) { total += value }
        }
        return total
    }

    private static func drain(url: RedisURL, configuration: QueueConfiguration, options: Options) throws -> (Int, Double) {
        let consumers = try (0..<max(1, options.consumers)).map { _ in try TaskQueue(url: url, configuration: configuration) }
        defer { consumers.forEach { $0.close() } }
        let shared = DrainState()
        let done = DispatchGroup()
        let start = Date()
        for consumer in consumers {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    // Each round trip acks the previous reservation and fetches the next one.
                    var leases: [Lease] = []
                    while shared.completed.load(ordering: .relaxed) < options.tasks {
                        if leases.isEmpty {
                            leases = try consumer.reserve(from: options.queue, count: options.reserveBatch, leaseSeconds: 300, waitSeconds: 0.2)
                            continue
                        }
                        let items = leases.map { (lease: $0, event: Optional(Data(#"{"id":"\#($0.taskId)","ok":true}"#.utf8))) }
                        let (outcomes, next) = try consumer.completeAndReserve(items, from: options.queue, count: options.reserveBatch, leaseSeconds: 300)
                        shared.completed.add(outcomes.filter { $0 == .ok }.count, ordering: .relaxed)
                        leases = next
                    }
                } catch {
                    shared.record(error)
                    shared.completed.add(options.tasks, ordering: .relaxed)
                }
            }
            thread.start()
        }
        done.wait()
        let seconds = Date().timeIntervalSince(start)
        if let error = shared.firstError { throw error }
        return (min(options.tasks, shared.completed.load(ordering: .relaxed)), seconds)
    }
}

/// Progress shared by the drain threads.
private final class DrainState: Sendable {
    let completed = Atomic<Int>(0)
    private let error = Mutex<(any Error)?>(nil)

    func record(_ failure: any Error) { error.withLock { if $0 == nil { $0 = failure } } }
    var firstError: (any Error)? { error.withLock { $0 } }
}

import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct OrderingTests {
    @Test func highBeforeNormalBeforeLowAndFifoWithinAPriority() throws {
        try withRedis { _, queue in
            let plan: [(String, Priority)] = [("n1", .normal), ("l1", .low), ("h1", .high), ("n2", .normal), ("h2", .high), ("l2", .low)]
            try queue.submit(plan.map { NewTask(id: $0.0, payload: jsonPayload("{}"), priority: $0.1) }, to: "q")
            var order: [String] = []
            while let lease = try queue.reserve(from: "q").first { order.append(lease.taskId) }
            #expect(order == ["h1", "h2", "n1", "n2", "l1", "l2"])
            #expect(try queue.reserve(from: "q", count: 3).isEmpty)
        }
    }

    @Test func reservingManyAtOnceKeepsPriorityOrder() throws {
        try withRedis { _, queue in
            try queue.submit([NewTask(id: "l", payload: Data(), priority: .low), NewTask(id: "h", payload: Data(), priority: .high), NewTask(id: "n", payload: Data())], to: "q")
            #expect(try queue.reserve(from: "q", count: 2).map(\.taskId) == ["h", "n"])
        }
    }

    @Test func delayedTaskIsNotReadyBeforeItsTime() throws {
        try withRedis { _, queue in
            let runAt = Date().addingTimeInterval(1.5)
            try queue.submit(NewTask(id: "later", payload: Data(), runAt: runAt), to: "q", batchId: "b")
            try queue.submit(NewTask(id: "now", payload: Data()), to: "q", batchId: "b")
            #expect(try queue.counts(of: "q").delayed == 1)
            #expect(try queue.reserve(from: "q", count: 5).map(\.taskId) == ["now"])
            #expect(try queue.promoteDueTasks(in: "q") == 0)
            let stored = try #require(try queue.task(id: "later", in: "q"))
            #expect(stored.state == .delayed)
            #expect(abs(stored.runAt!.timeIntervalSince(runAt)) < 0.01)
            letTimePass(max(0, runAt.timeIntervalSinceNow) + 0.05)
            #expect(try Scheduler(queue: queue, queues: ["q"]).tick().promoted == 1)
            #expect(try queue.reserve(from: "q").map(\.taskId) == ["later"])
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.running == 2)
            #expect(batch.delayed == 0)
        }
    }

    @Test func blockedReserveWakesWhenATaskArrives() throws {
        try withRedis { server, queue in
            let consumer = try TaskQueue(url: server.url)
            let got = LockedBox<[String]>([])
            let thread = Thread {
                let leases = (try? consumer.reserve(from: "q", waitSeconds: 10)) ?? []
                got.set(leases.map(\.taskId))
            }
            thread.start()
            #expect(eventually(timeout: 10) { server.blockedClients == 1 }, "the consumer never blocked")
            try queue.submit(NewTask(id: "wake", payload: Data()), to: "q")
            // The consumer answers long before its 10 s wait runs out; no assertion on time,
            // only that it got the task while blocked.
            eventually(timeout: 8) { !got.get().isEmpty }
            #expect(got.get() == ["wake"])
        }
    }

    @Test func blockedReserveReturnsEmptyAfterItsWait() throws {
        try withRedis { _, queue in
            let leases = try queue.reserve(from: "q", waitSeconds: 0.2)
            #expect(leases.isEmpty)
        }
    }
}

/// A value shared with a helper thread in a test.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only accessed under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}

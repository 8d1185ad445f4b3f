import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct SchedulerTests {
    @Test func manySchedulersAtOnceNeverMoveATaskTwice() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 0.001, retryMax: 0.001)) { server, queue in
            let n = 400
            try queue.submit((0..<n).map { NewTask(id: "t\($0)", payload: Data(), maxAttempts: 5) }, to: "q", batchId: "b")
            _ = try queue.reserve(from: "q", count: n, leaseSeconds: 0.01)
            letTimePass(0.05)
            let totals = LockedBox(TickReport())
            let threads = try (0..<4).map { _ in
                let scheduler = Scheduler(queue: try TaskQueue(url: server.url, configuration: queue.configuration), queues: ["q"])
                return Thread {
                    for _ in 0..<5 {
                        if let report = try? scheduler.tick() {
                            totals.update { $0.expiredRetried += report.expiredRetried; $0.promoted += report.promoted; $0.expiredDead += report.expiredDead }
                        }
                        letTimePass(0.01)
                    }
                }
            }
            threads.forEach { $0.start() }
            #expect(eventually(timeout: 30) { threads.allSatisfy(\.isFinished) })
            #expect(totals.get().expiredRetried == n)
            #expect(totals.get().promoted == n)
            #expect(totals.get().expiredDead == 0)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.queued == n)
            #expect(try queue.withConnection { try $0.checkedSend(RedisCommand("LLEN", queue.keys.ready(.normal, in: "q"))).int } == n)
        }
    }

    @Test func runLoopStopsPromptlyWhenSignalled() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data(), runAt: Date().addingTimeInterval(0.1)), to: "q")
            let stop = StopSignal()
            let scheduler = Scheduler(queue: queue, queues: nil, intervalSeconds: 0.05)
            let thread = scheduler.start(until: stop)
            try eventually(timeout: 10) { try queue.counts(of: "q").queued > 0 }
            #expect(try queue.counts(of: "q").queued == 1)
            stop.stop()
            #expect(eventually(timeout: 10) { !thread.isExecuting })
            #expect(thread.isFinished)
        }
    }
}

@Suite struct BenchmarkHarnessTests {
    @Test func benchmarkDrainsEveryTaskExactlyOnce() throws {
        try withRedis { server, queue in
            let result = try QueueBenchmark.run(url: server.url, configuration: QueueConfiguration(),
                                                options: .init(tasks: 2000, consumers: 3, reserveBatch: 7))
            #expect(result.processed == 2000)
            #expect(try queue.counts(of: "bench").done == 2000)
            #expect(try queue.readEvents(from: "bench", count: 5000).events.count == 2000)
        }
    }
}

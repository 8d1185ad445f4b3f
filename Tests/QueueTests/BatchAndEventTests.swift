import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct BatchAndEventTests {
    @Test func batchCountsFollowEveryStateAndAlwaysAddUpToTheTotal() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 60)) { _, queue in
            try queue.submit((0..<6).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q", batchId: "b")
            try queue.submit(NewTask(id: "later", payload: Data(), runAt: Date().addingTimeInterval(600)), to: "q", batchId: "b")
            let leases = try queue.reserve(from: "q", count: 4)
            try queue.complete(leases[0])
            try queue.fail(leases[1], error: "retry me")
            try queue.fail(leases[2], error: "give up", permanent: true)
            try queue.cancel(taskId: "t5", in: "q")
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.total == 7)
            #expect(batch.done == 1)
            #expect(batch.failed == 1)
            #expect(batch.dead == 1)
            #expect(batch.running == 1)
            #expect(batch.queued == 1)
            #expect(batch.delayed == 1)
            #expect(batch.cancelled == 1)
            #expect(TaskState.allCases.map { batch.states[$0] }.reduce(0, +) == batch.total)
            #expect(!batch.isFinished)
            #expect(try queue.batch("nope", in: "q") == nil)
        }
    }

    @Test func waitForBatchReturnsWhenTheLastTaskFinishes() throws {
        try withRedis { server, queue in
            try queue.submit((0..<20).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q", batchId: "b")
            let worker = try TaskQueue(url: server.url)
            let thread = Thread {
                for _ in 0..<20 {
                    guard let lease = try? worker.reserve(from: "q", waitSeconds: 1).first else { continue }
                    letTimePass(0.005)  // the work
                    try? worker.complete(lease)
                }
            }
            thread.start()
            let counts = try queue.waitForBatch("b", in: "q", timeoutSeconds: 30)
            #expect(counts.isFinished)
            #expect(counts.done == 20)
        }
    }

    @Test func waitForBatchGivesUpAfterItsTimeout() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data()), to: "q", batchId: "b")
            let counts = try queue.waitForBatch("b", in: "q", timeoutSeconds: 0.2)
            #expect(!counts.isFinished)
            #expect(counts.queued == 1)
        }
    }

    @Test func resultEventsCarryTheCallersBytesAndEveryResultIsReadOnce() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 60)) { _, queue in
            try queue.submit((0..<30).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q", batchId: "b")
            var cursor = "0"
            var seen: [String: QueueEvent] = [:]
            var page = 0
            for lease in try queue.reserve(from: "q", count: 30) {
                if lease.taskId == "t7" {
                    try queue.fail(lease, error: "flaky", event: jsonPayload(#"{"partial":true}"#))
                } else {
                    try queue.complete(lease, event: jsonPayload(#"{"id":"\#(lease.taskId)","score":1}"#))
                }
                // Read as we go, in small pages, like a submitter following progress.
                if lease.attempt == 1, page % 7 == 0 {
                    let events = try queue.readEvents(from: "q", after: cursor, count: 4)
                    cursor = events.cursor
                    for event in events.events { #expect(seen.updateValue(event, forKey: event.taskId) == nil) }
                }
                page += 1
            }
            while true {
                let events = try queue.readEvents(from: "q", after: cursor, count: 4)
                if events.events.isEmpty { break }
                cursor = events.cursor
                for event in events.events { #expect(seen.updateValue(event, forKey: event.taskId) == nil) }
            }
            #expect(seen.count == 30)
            #expect(seen["t3"]?.kind == .done)
            #expect(seen["t3"]?.payload == jsonPayload(#"{"id":"t3","score":1}"#))
            #expect(seen["t3"]?.batchId == "b")
            #expect(seen["t7"]?.kind == .retry)
            #expect(seen["t7"]?.error == "flaky")
            #expect(seen["t7"]?.retryAt != nil)
            // A blocking read with nothing new returns empty, keeping the cursor.
            let idle = try queue.readEvents(from: "q", after: cursor, blockSeconds: 0.1)
            #expect(idle.events.isEmpty)
            #expect(idle.cursor == cursor)
        }
    }

    @Test func liveWorkersAreListedAndExpiredOnesDisappear() throws {
        try withRedis { _, queue in
            try queue.registerWorker(WorkerInfo(id: "w1", hostname: "host-a", pid: 42, queues: ["q"], running: ["t1", "t2"]), ttlSeconds: 30)
            try queue.registerWorker(WorkerInfo(id: "w2", hostname: "host-b", pid: 43, queues: ["q"]), ttlSeconds: 1)
            #expect(Set(try queue.liveWorkers().map(\.id)) == ["w1", "w2"])
            letTimePass(1.1)
            let live = try queue.liveWorkers()
            #expect(live.map(\.id) == ["w1"])
            #expect(live.first?.hostname == "host-a")
            #expect(live.first?.pid == 42)
            #expect(live.first?.running == ["t1", "t2"])
            #expect(live.first?.lastSeen != nil)
            try queue.deregisterWorker(id: "w1")
            #expect(try queue.liveWorkers().isEmpty)
        }
    }
}

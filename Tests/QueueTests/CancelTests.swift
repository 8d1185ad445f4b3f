import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct CancelTests {
    @Test func cancelledQueuedTaskIsNeverHandedOut() throws {
        try withRedis { _, queue in
            try queue.submit(["a", "b"].map { NewTask(id: $0, payload: Data()) }, to: "q", batchId: "b")
            #expect(try queue.cancel(taskId: "a", in: "q") == .cancelledWaiting)
            #expect(try queue.reserve(from: "q", count: 5).map(\.taskId) == ["b"])
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.cancelled == 1)
            #expect(batch.queued == 0)
            #expect(try queue.cancel(taskId: "a", in: "q") == .alreadyFinished(.cancelled))
        }
    }

    @Test func cancelledDelayedAndRetryWaitingTasksAreRemovedFromTheSchedule() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "d", payload: Data(), runAt: Date().addingTimeInterval(-1 + 60)), to: "q")
            try queue.submit(NewTask(id: "r", payload: Data()), to: "q")
            try queue.fail(try #require(try queue.reserve(from: "q").first), error: "x")
            #expect(try queue.cancel(taskId: "d", in: "q") == .cancelledWaiting)
            #expect(try queue.cancel(taskId: "r", in: "q") == .cancelledWaiting)
            let delayedCount = try queue.withConnection { try $0.checkedSend(RedisCommand("ZCARD", queue.keys.delayed("q"))).int }
            #expect(delayedCount == 0)
            let counts = try queue.counts(of: "q")
            #expect(counts.cancelled == 2)
            #expect(counts.delayed == 0 && counts.failed == 0)
        }
    }

    @Test func runningTaskLearnsOfCancellationAtItsNextHeartbeat() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data()), to: "q", batchId: "b")
            let lease = try #require(try queue.reserve(from: "q").first)
            #expect(try queue.cancel(taskId: "t", in: "q") == .cancelledRunning)
            #expect(try queue.heartbeat(lease) == .cancelled)
            let error = try #require(throws: QueueError.self) { try queue.complete(lease) }
            #expect(error.code == .taskCancelled)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.cancelled == 1)
            #expect(batch.running == 0)
            #expect(batch.isFinished)
            // The scheduler does not resurrect it.
            #expect(try Scheduler(queue: queue, queues: ["q"]).tick().moved == 0)
        }
    }

    @Test func cancellingAnUnknownTaskSaysSo() throws {
        try withRedis { _, queue in
            let error = try #require(throws: QueueError.self) { try queue.cancel(taskId: "nope", in: "q") }
            #expect(error.code == .unknownTask)
        }
    }
}

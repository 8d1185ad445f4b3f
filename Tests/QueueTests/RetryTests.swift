import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct RetryTests {
    @Test func failedAttemptIsRetriedAfterExponentialBackoffWithJitter() throws {
        // Base 10 s, cap 35 s: attempt n waits a time in [d/2, d], d = min(35, 10 · 2^(n-1)).
        try withRedis(configuration: testQueueConfiguration(retryBase: 10, retryMax: 35)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}"), maxAttempts: 5), to: "q")
            var waits: [Double] = []
            for expected in [10.0, 20, 35, 35] {
                let lease = try #require(try queue.reserve(from: "q").first)
                let before = Date()
                guard case let .retry(at) = try queue.fail(lease, error: "model server unreachable") else {
                    Issue.record("expected a retry"); return
                }
                let wait = at.timeIntervalSince(before)
                #expect(wait >= expected / 2 - 0.5 && wait <= expected + 2, "attempt \(lease.attempt) waits \(wait) s")
                waits.append(wait)
                // The retry is scheduled at `at`: it is not ready before then.
                let stored = try #require(try queue.task(id: "t", in: "q"))
                #expect(stored.state == .failed)
                #expect(stored.runAt == at)
                #expect(stored.lastError == "model server unreachable")
                #expect(try queue.reserve(from: "q").isEmpty)
                // Make it due without waiting: move its due time to now, as time passing would.
                _ = try queue.withConnection { try $0.checkedSend(RedisCommand("ZADD", queue.keys.delayed("q"), "0", "t")) }
                #expect(try queue.promoteDueTasks(in: "q") == 1)
            }
            #expect(waits.count == 4)
        }
    }

    @Test func exhaustedTaskIsDeadLetteredKeepingTheLastError() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 0.001, retryMax: 0.001)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload(#"{"x":1}"#), maxAttempts: 3), to: "q", batchId: "b")
            var outcomes: [FailOutcome] = []
            for attempt in 1...3 {
                letTimePass(0.01)
                _ = try queue.promoteDueTasks(in: "q")
                let lease = try #require(try queue.reserve(from: "q").first)
                #expect(lease.attempt == attempt)
                outcomes.append(try queue.fail(lease, error: "failure \(attempt)"))
            }
            #expect(outcomes.last == .dead)
            let dead = try queue.deadTasks(in: "q")
            #expect(dead.map(\.id) == ["t"])
            #expect(dead.first?.lastError == "failure 3")
            #expect(dead.first?.payload == jsonPayload(#"{"x":1}"#))
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.dead == 1)
            #expect(batch.isFinished)
        }
    }

    @Test func repeatingAFailAfterALostReplyReportsWhatHappened() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data(), maxAttempts: 2), to: "q", batchId: "b")
            let lease = try #require(try queue.reserve(from: "q").first)
            let first = try queue.fail(lease, error: "x")
            #expect(try queue.fail(lease, error: "x") == first)
            #expect(try queue.batch("b", in: "q")?.failed == 1)
            let error = #expect(throws: QueueError.self) { try queue.complete(lease) }
            #expect(error?.code == .staleLease)
        }
    }

    @Test func permanentFailureSkipsRetries() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}"), maxAttempts: 5), to: "q")
            let lease = try #require(try queue.reserve(from: "q").first)
            #expect(try queue.fail(lease, error: "bad task", permanent: true) == .dead)
            #expect(try queue.counts(of: "q").dead == 1)
        }
    }

    @Test func expiredLeaseCountsAnAttemptAndDeadLettersWhenExhausted() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 0.001, retryMax: 0.001)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}"), maxAttempts: 2), to: "q", batchId: "b")
            let scheduler = Scheduler(queue: queue, queues: ["q"])
            _ = try #require(try queue.reserve(from: "q", leaseSeconds: 0.02).first)
            letTimePass(0.05)
            var report = try scheduler.tick()
            #expect(report.expiredRetried == 1)
            #expect(try queue.task(id: "t", in: "q")?.lastError?.contains("lease expired") == true)
            letTimePass(0.01)
            _ = try scheduler.tick()
            let second = try #require(try queue.reserve(from: "q", leaseSeconds: 0.02).first)
            #expect(second.attempt == 2)
            letTimePass(0.05)
            report = try scheduler.tick()
            #expect(report.expiredDead == 1)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.dead == 1)
            #expect(batch.running == 0)
        }
    }

    @Test func deadTasksCanBeListedRequeuedAndPurged() throws {
        try withRedis { _, queue in
            try queue.submit((0..<4).map { NewTask(id: "t\($0)", payload: jsonPayload("{}")) }, to: "q", batchId: "b")
            for lease in try queue.reserve(from: "q", count: 4) {
                try queue.fail(lease, error: "broken \(lease.taskId)", permanent: true)
            }
            #expect(try queue.deadCount(in: "q") == 4)
            #expect(try queue.requeueDead(in: "q", ids: ["t1"]) == 1)
            let requeued = try #require(try queue.reserve(from: "q").first)
            #expect(requeued.taskId == "t1")
            #expect(requeued.attempt == 1)
            #expect(requeued.task.lastError == "broken t1")
            try queue.complete(requeued)
            #expect(try queue.purgeDead(in: "q", ids: ["t0"]) == 1)
            #expect(try queue.task(id: "t0", in: "q") == nil)
            #expect(try queue.requeueDead(in: "q") == 2)
            #expect(try queue.counts(of: "q").queued == 2)
            #expect(try queue.deadCount(in: "q") == 0)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.queued == 2)
            #expect(batch.done == 1)
        }
    }

    @Test func deadLetterSetIsBounded() throws {
        try withRedis(configuration: testQueueConfiguration(deadLetterCap: 3)) { _, queue in
            try queue.submit((0..<5).map { NewTask(id: "t\($0)", payload: jsonPayload("{}")) }, to: "q")
            for lease in try queue.reserve(from: "q", count: 5) {
                try queue.fail(lease, error: "x", permanent: true)
            }
            #expect(try queue.deadCount(in: "q") == 3)
            #expect(try queue.counts(of: "q").dead == 3)
            #expect(try queue.task(id: "t0", in: "q") == nil)
        }
    }

    @Test func finishedTaskBodiesAreDroppedAndRecordsExpire() throws {
        try withRedis(configuration: testQueueConfiguration(retention: 120)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data(count: 5000)), to: "q")
            let lease = try #require(try queue.reserve(from: "q").first)
            try queue.complete(lease)
            let stored = try #require(try queue.task(id: "t", in: "q"))
            #expect(stored.state == .done)
            #expect(stored.payload.isEmpty)
            let ttl = try queue.withConnection { try $0.checkedSend(RedisCommand("PTTL", queue.keys.task("t", in: "q"))).int ?? -1 }
            #expect(ttl > 0 && ttl <= 120_000)
        }
        try withRedis(configuration: testQueueConfiguration(retention: 0)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data(count: 10)), to: "q")
            try queue.complete(try #require(try queue.reserve(from: "q").first))
            #expect(try queue.task(id: "t", in: "q") == nil)
        }
    }
}

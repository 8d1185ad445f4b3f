import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

@Suite struct LeaseTests {
    @Test func staleLeaseTokenIsRefusedAfterTheTaskMovedOn() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 0.001, retryMax: 0.001)) { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}")), to: "q")
            let first = try #require(try queue.reserve(from: "q", leaseSeconds: 0.05).first)
            letTimePass(0.1)
            let report = try Scheduler(queue: queue, queues: ["q"]).tick()
            #expect(report.expiredRetried == 1)
            _ = try Scheduler(queue: queue, queues: ["q"]).tick()
            let second = try #require(try queue.reserve(from: "q", leaseSeconds: 30).first)
            #expect(second.attempt == 2)
            #expect(second.token != first.token)
            for attempt in [{ try queue.complete(first) }, { _ = try queue.fail(first, error: "x") },
                            { _ = try queue.heartbeat(first) }, { try queue.release(first) }] {
                let error = try #require(throws: QueueError.self) { try attempt() }
                #expect(error.code == .staleLease)
            }
            try queue.complete(second)
            #expect(try queue.counts(of: "q").done == 1)
        }
    }

    @Test func completingTwiceWithTheSameTokenIsHarmless() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}")), to: "q", batchId: "b")
            let lease = try #require(try queue.reserve(from: "q").first)
            try queue.complete(lease)
            try queue.complete(lease)
            #expect(try queue.batch("b", in: "q")?.done == 1)
            #expect(try queue.counts(of: "q").done == 1)
        }
    }

    @Test func heartbeatExtendsTheLeaseSoTheSchedulerLeavesItAlone() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}")), to: "q")
            let lease = try #require(try queue.reserve(from: "q", leaseSeconds: 0.2).first)
            let result = try queue.heartbeat(lease, leaseSeconds: 60)
            guard case let .extended(until) = result else { Issue.record("expected extended, got \(result)"); return }
            #expect(until > lease.deadline.addingTimeInterval(50))
            letTimePass(0.3)
            let report = try Scheduler(queue: queue, queues: ["q"]).tick()
            #expect(report.expiredRetried == 0)
            try queue.complete(lease)
        }
    }

    @Test func completeOfAnUnknownTaskSaysSo() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: jsonPayload("{}")), to: "q")
            let lease = try #require(try queue.reserve(from: "q").first)
            _ = try queue.withConnection { try $0.checkedSend(RedisCommand("DEL", queue.keys.task("t", in: "q"))) }
            let error = try #require(throws: QueueError.self) { try queue.complete(lease) }
            #expect(error.code == .unknownTask)
        }
    }

    @Test func releaseGivesTheTaskBackWithoutCountingTheAttempt() throws {
        try withRedis { _, queue in
            try queue.submit(["a", "b"].map { NewTask(id: $0, payload: jsonPayload("{}")) }, to: "q", batchId: "b")
            let first = try #require(try queue.reserve(from: "q").first)
            #expect(first.taskId == "a")
            try queue.release(first)
            #expect(try queue.batch("b", in: "q")?.queued == 2)
            // It goes back to the front of its priority, ahead of "b".
            let again = try #require(try queue.reserve(from: "q").first)
            #expect(again.taskId == "a")
            #expect(again.attempt == 1)
        }
    }

    @Test func batchedCompleteReportsEachLease() throws {
        try withRedis { _, queue in
            try queue.submit((0..<10).map { NewTask(id: "t\($0)", payload: jsonPayload("{}")) }, to: "q", batchId: "b")
            let leases = try queue.reserve(from: "q", count: 10)
            #expect(leases.count == 10)
            #expect(Set(leases.map(\.token)).count == 10)
            var stale = leases[3]
            stale = Lease(task: stale.task, token: "forged", deadline: stale.deadline)
            var items = leases.map { (lease: $0, event: Optional(jsonPayload(#"{"id":"\#($0.taskId)"}"#))) }
            items[3] = (stale, nil)
            let outcomes = try queue.complete(items)
            #expect(outcomes.filter { $0 == .ok }.count == 9)
            #expect(outcomes[3] == .stale)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.done == 9)
            #expect(batch.running == 1)
        }
    }

    @Test func hugeChunksAndReservationsStayWithinLuaLimits() throws {
        // Lua's unpack takes at most ~8000 values; chunks and reservations beyond that are split.
        try withRedis(configuration: QueueConfiguration(submitChunkSize: 9000)) { _, queue in
            try queue.submit((0..<9000).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q", batchId: "b")
            let leases = try queue.reserve(from: "q", count: 9000)
            #expect(leases.count == 9000)
            let outcomes = try queue.complete(leases.map { (lease: $0, event: nil) })
            #expect(outcomes.allSatisfy { $0 == .ok })
            #expect(try queue.batch("b", in: "q")?.done == 9000)
        }
    }

    @Test func nonsenseDurationsAreRefusedNotTrapped() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "t", payload: Data()), to: "q")
            for lease in [Double.nan, -1, 0, .infinity] {
                let error = #expect(throws: QueueError.self) { try queue.reserve(from: "q", leaseSeconds: lease) }
                #expect(error?.code == .invalidArgument)
            }
            let error = #expect(throws: QueueError.self) { try queue.submit(NewTask(payload: Data(), timeoutSeconds: .nan), to: "q") }
            #expect(error?.code == .invalidArgument)
            let lease = try #require(try queue.reserve(from: "q").first)
            #expect(throws: QueueError.self) { try queue.heartbeat(lease, leaseSeconds: -5) }
            #expect(throws: QueueError.self) { try queue.readEvents(from: "q", blockSeconds: .infinity) }
            #expect(throws: QueueError.self) { try TaskQueue(url: queue.url, configuration: QueueConfiguration(retryBaseDelaySeconds: .nan)) }
        }
    }

    @Test func batchedHeartbeatAnswersEachLease() throws {
        try withRedis { _, queue in
            try queue.submit((0..<3).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q")
            let leases = try queue.reserve(from: "q", count: 3)
            try queue.cancel(taskId: "t1", in: "q")
            let forged = Lease(task: leases[2].task, token: "forged", deadline: leases[2].deadline)
            let results = try queue.heartbeat([leases[0], leases[1], forged], leaseSeconds: 30)
            guard case .success(.extended) = results[0] else { Issue.record("t0: \(results[0])"); return }
            guard case .success(.cancelled) = results[1] else { Issue.record("t1: \(results[1])"); return }
            guard case let .failure(error) = results[2] else { Issue.record("t2: \(results[2])"); return }
            #expect(error.code == .staleLease)
        }
    }

    @Test func completeAndReserveAcksAndFetchesInOneRoundTrip() throws {
        try withRedis { _, queue in
            try queue.submit((0..<6).map { NewTask(id: "t\($0)", payload: Data()) }, to: "q", batchId: "b")
            let first = try queue.reserve(from: "q", count: 2)
            // The first call also loads the complete script (SCRIPT LOAD): count from the second.
            let (_, second) = try queue.completeAndReserve(first.map { (lease: $0, event: nil) }, from: "q", count: 2)
            let trips = queue.roundTrips
            let (outcomes, third) = try queue.completeAndReserve(second.map { (lease: $0, event: nil) }, from: "q", count: 2)
            #expect(queue.roundTrips - trips == 1)
            #expect(outcomes == [.ok, .ok])
            #expect(second.map(\.taskId) == ["t2", "t3"])
            #expect(third.map(\.taskId) == ["t4", "t5"])
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.done == 4)
            #expect(batch.running == 2)
        }
    }
}

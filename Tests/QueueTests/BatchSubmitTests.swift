import Foundation
import Queue
import Testing
import TestSupport

/// A whole-file submit into one batch: counted from what Redis confirmed, stoppable between
/// groups, and finished by submitting the same tasks into the same batch again.
@Suite struct BatchSubmitTests {
    func tasks(_ count: Int, payloadBytes: Int = 300) -> [NewTask] {
        let payload = Data(repeating: 65, count: payloadBytes)
        return (0..<count).map { NewTask(id: "f\($0)", payload: payload) }
    }

    @Test func submitStoppedByMaxmemoryCountsExactlyWhatRedisHoldsAndASecondCallCompletesTheBatch() throws {
        try withRedis(LocalRedisServer.Options(extraArguments: ["--maxmemory", "5mb"])) { _, queue in
            let all = tasks(20_000)
            let first = try queue.submitBatch(all, to: "q", batchId: "file")
            guard case .failed(let error)? = first.stop else {
                Issue.record("the submit was expected to stop on maxmemory, got \(String(describing: first.stop))")
                return
            }
            #expect(error.code == .outOfMemory)
            #expect(first.confirmedInBatch > 0 && first.confirmedInBatch < 20_000)
            // Outer groups and the queue's chunks are added up once: the count is what Redis holds.
            #expect(first.batchTotalInRedis == first.confirmedInBatch)
            #expect(try queue.batch("file", in: "q")?.total == first.confirmedInBatch)
            #expect(first.unconfirmedIds.isEmpty)
            #expect(first.confirmedInBatch + first.refusedIds.count + first.notSentIds.count == 20_000)

            try RedisConnection(url: queue.url).checkedSend(RedisCommand("CONFIG", "SET", "maxmemory", "0"))
            let second = try queue.submitBatch(all, to: "q", batchId: "file")
            #expect(second.isComplete)
            #expect(second.alreadyInBatchIds.count == first.confirmedInBatch)
            #expect(second.addedIds.count == 20_000 - first.confirmedInBatch)
            #expect(second.confirmedInBatch == 20_000)
            #expect(try queue.batch("file", in: "q")?.total == 20_000)
        }
    }

    @Test func submitInterruptedBetweenGroupsSaysWhatWentInAndWhatWasNotSent() throws {
        try withRedis { _, queue in
            let all = tasks(10_000, payloadBytes: 20)
            var groups = 0
            let first = try queue.submitBatch(all, to: "q", batchId: "b", groupSize: 1000, shouldStop: { groups >= 3 }) { _ in groups += 1 }
            guard case .interrupted? = first.stop else {
                Issue.record("expected an interrupted submit, got \(String(describing: first.stop))")
                return
            }
            #expect(first.addedIds.count == 3000)
            #expect(first.notSentIds.count == 7000)
            #expect(first.notSentIds.first == "f3000")
            #expect(first.batchTotalInRedis == 3000)
            let second = try queue.submitBatch(all, to: "q", batchId: "b", groupSize: 1000)
            #expect(second.isComplete && second.addedIds.count == 7000 && second.alreadyInBatchIds.count == 3000)
            #expect(try queue.batch("b", in: "q")?.total == 10_000)
        }
    }

    @Test func tasksAlreadyInAnotherBatchAreReportedApartAndLeftThere() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "f0", payload: Data("x".utf8)), to: "q", batchId: "older")
            let outcome = try queue.submitBatch(tasks(3, payloadBytes: 5), to: "q", batchId: "newer")
            #expect(outcome.isComplete)
            #expect(outcome.inOtherBatchIds == ["f0"])
            #expect(outcome.addedIds == ["f1", "f2"])
            #expect(outcome.confirmedInBatch == 2)
            #expect(try queue.task(id: "f0", in: "q")?.batchId == "older")
        }
    }

    @Test func aBadTaskAnywhereInTheListIsRefusedBeforeAnythingIsSent() throws {
        try withRedis { _, queue in
            var all = tasks(5000, payloadBytes: 10)
            all[4500].timeoutSeconds = .infinity
            let error = try #require(throws: QueueError.self) { try queue.submitBatch(all, to: "q", batchId: "b", groupSize: 1000) }
            #expect(error.code == .invalidArgument)
            #expect(try queue.batch("b", in: "q") == nil)
        }
    }
}

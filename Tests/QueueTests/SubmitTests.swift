import Foundation
import Queue
import Testing
import TestSupport

@Suite struct SubmitTests {
    @Test func submittedTaskIsReservedWithItsEnvelope() throws {
        try withRedis { _, queue in
            let result = try queue.submit(NewTask(id: "t1", payload: jsonPayload(#"{"q":"2+2"}"#), priority: .high, maxAttempts: 4, timeoutSeconds: 90), to: "agents", batchId: "b1")
            #expect(result.acceptedIds == ["t1"])
            #expect(result.duplicateIds.isEmpty)
            let leases = try queue.reserve(from: "agents", leaseSeconds: 30)
            let lease = try #require(leases.first)
            #expect(lease.taskId == "t1")
            #expect(lease.task.payload == jsonPayload(#"{"q":"2+2"}"#))
            #expect(lease.task.priority == .high)
            #expect(lease.task.maxAttempts == 4)
            #expect(lease.task.timeoutSeconds == 90)
            #expect(lease.task.batchId == "b1")
            #expect(lease.attempt == 1)
            #expect(!lease.token.isEmpty)
            #expect(lease.deadline > Date().addingTimeInterval(20))
            try queue.complete(lease, event: jsonPayload(#"{"ok":true}"#))
            #expect(try queue.counts(of: "agents").done == 1)
        }
    }

    @Test func generatedIdsAreUniqueAndReturned() throws {
        try withRedis { _, queue in
            let result = try queue.submit((0..<50).map { _ in NewTask(payload: jsonPayload("{}")) }, to: "q")
            #expect(Set(result.acceptedIds).count == 50)
            #expect(try queue.counts(of: "q").queued == 50)
        }
    }

    @Test func resubmittingExistingIdsSkipsThemAndSaysWhich() throws {
        try withRedis { _, queue in
            let first = try queue.submit(["a", "b"].map { NewTask(id: $0, payload: jsonPayload("1")) }, to: "q", batchId: "one")
            #expect(first.acceptedIds == ["a", "b"])
            let second = try queue.submit(["b", "c", "a"].map { NewTask(id: $0, payload: jsonPayload("2")) }, to: "q", batchId: "two")
            #expect(second.acceptedIds == ["c"])
            #expect(second.duplicateIds == ["b", "a"])
            #expect(try queue.counts(of: "q").queued == 3)
            #expect(try queue.batch("two", in: "q")?.total == 1)
            // The original body is untouched.
            #expect(try queue.task(id: "a", in: "q")?.payload == jsonPayload("1"))
        }
    }

    @Test func resubmittingAFinishedTaskWithinRetentionIsADuplicate() throws {
        try withRedis { _, queue in
            try queue.submit(NewTask(id: "once", payload: jsonPayload("{}")), to: "q")
            try queue.complete(try #require(try queue.reserve(from: "q").first))
            let again = try queue.submit(NewTask(id: "once", payload: jsonPayload("{}")), to: "q")
            #expect(again.duplicateIds == ["once"])
            #expect(try queue.reserve(from: "q").isEmpty)
        }
    }

    @Test func payloadOverTheLimitIsRefusedBeforeAnythingIsSent() throws {
        try withRedis(configuration: QueueConfiguration(maxPayloadBytes: 1000)) { _, queue in
            let tasks = [NewTask(id: "small", payload: Data(count: 10)), NewTask(id: "big", payload: Data(count: 1001))]
            let error = try #require(throws: QueueError.self) { try queue.submit(tasks, to: "q") }
            #expect(error.code == .payloadTooLarge)
            #expect(error.taskId == "big")
            #expect(error.message.contains("1000"))
            #expect(try queue.counts(of: "q").queued == 0)
        }
    }

    @Test func defaultPayloadLimitIsOneMebibyte() throws {
        try withRedis { _, queue in
            #expect(throws: QueueError.self) { try queue.submit(NewTask(payload: Data(count: (1 << 20) + 1)), to: "q") }
            try queue.submit(NewTask(payload: Data(count: 1 << 20)), to: "q")
        }
    }

    @Test func bulkSubmitOf100kTasksIsPipelinedInFewRoundTrips() throws {
        try withRedis { _, queue in
            let tasks = (0..<100_000).map { NewTask(id: "task-\($0)", payload: jsonPayload(#"{"n":\#($0)}"#)) }
            let before = queue.roundTrips
            let result = try queue.submit(tasks, to: "bulk", batchId: "big")
            let trips = queue.roundTrips - before
            #expect(result.acceptedIds.count == 100_000)
            // 500 tasks per script call, 16 calls per round trip: 13 round trips (plus SADD and SCRIPT LOAD).
            #expect(trips <= 20)
            #expect(try queue.counts(of: "bulk").queued == 100_000)
            #expect(try queue.batch("big", in: "bulk")?.total == 100_000)
        }
    }

    @Test func bulkSubmitStoppedPartWaySaysWhichIdsWentIn() throws {
        try withRedis { _, queue in
            let raw = try RedisConnection(url: queue.url)
            let payload = Data(repeating: 65, count: 2000)
            let tasks = (0..<5000).map { NewTask(id: "p\($0)", payload: payload) }
            // Leave room for about a fifth of the tasks, so Redis refuses the rest with OOM.
            let used = try raw.checkedSend(RedisCommand("MEMORY", "STATS")).fieldMap["total.allocated"]?.int ?? 1_000_000
            try raw.checkedSend(RedisCommand("CONFIG", "SET", "maxmemory", String(used + 2_500_000)))
            let error = try #require(throws: QueueError.self) {
                try queue.submit(tasks, to: "q", batchId: "part")
            }
            #expect(error.code == .partialSubmit)
            let partial = try #require(error.partial)
            #expect(partial.confirmedChunks < partial.totalChunks)
            #expect(!partial.acceptedIds.isEmpty)
            #expect(partial.acceptedIds.count + partial.refusedIds.count + partial.unconfirmedIds.count == 5000)
            // Redis answered every chunk (with OOM for the refused ones): nothing is in doubt.
            #expect(partial.unconfirmedIds.isEmpty)
            #expect(!partial.refusedIds.isEmpty)
            #expect(partial.allIds == tasks.map { $0.id! })
            #expect(try queue.counts(of: "q").queued == partial.acceptedIds.count)
            // After making room, the same submission completes the rest, skipping what went in.
            try raw.checkedSend(RedisCommand("CONFIG", "SET", "maxmemory", "0"))
            let retry = try queue.submit(tasks, to: "q", batchId: "part")
            #expect(Set(retry.duplicateIds) == Set(partial.acceptedIds))
            #expect(retry.acceptedIds.count == 5000 - partial.acceptedIds.count)
            #expect(try queue.batch("part", in: "q")?.total == 5000)
        }
    }

    @Test func duplicateIdsWithinOneSubmissionAreRefused() throws {
        try withRedis { _, queue in
            let error = try #require(throws: QueueError.self) {
                try queue.submit([NewTask(id: "x", payload: Data()), NewTask(id: "x", payload: Data())], to: "q")
            }
            #expect(error.code == .invalidArgument)
        }
    }
}

@Suite struct SubmitCrashTests {
    @Test func redisDyingMidBulkReportsWhatWentInAndNothingConfirmedIsLost() throws {
        let server = try RedisServer(options: .init(appendOnly: true, appendFsync: "always"))
        defer { server.stop() }
        try withExtendedLifetime(server) {
            let queue = try TaskQueue(url: server.url, options: ConnectionOptions(reconnectAttempts: 0))
            let tasks = (0..<60_000).map { NewTask(id: "t\($0)", payload: Data(repeating: 65, count: 1000)) }
            let outcome = LockedBox<Result<SubmitResult, QueueError>?>(nil)
            let thread = Thread {
                do { outcome.set(.success(try queue.submit(tasks, to: "q", batchId: "b"))) }
                catch let error as QueueError { outcome.set(.failure(error)) }
                catch {}
            }
            thread.start()
            // Crash once some chunks are in, while the rest are still being sent.
            let watcher = try TaskQueue(url: server.url)
            try eventually(timeout: 60, every: 0.005) { try watcher.counts(of: "q").queued >= 25_000 || outcome.get() != nil }
            server.crash()
            eventually(timeout: 60) { outcome.get() != nil }
            try server.start()
            let check = try TaskQueue(url: server.url)
            let stored = try check.counts(of: "q").queued
            switch try #require(outcome.get()) {
            case let .success(result):
                // The submit finished before the crash: everything is in.
                #expect(result.acceptedIds.count == 60_000)
                #expect(stored == 60_000)
            case let .failure(error):
                #expect(error.code == .partialSubmit)
                let partial = try #require(error.partial)
                #expect(partial.confirmedChunks > 0)
                #expect(partial.acceptedIds.count + partial.unconfirmedIds.count == 60_000)
                #expect(error.message.contains("\(partial.acceptedIds.count) tasks went in"))
                // Every confirmed id survived the crash; unconfirmed ones may or may not be in.
                #expect(stored >= partial.acceptedIds.count)
                #expect(stored <= 60_000)
                for id in partial.acceptedIds.suffix(50) { #expect(try check.task(id: id, in: "q") != nil) }
            }
        }
    }
}

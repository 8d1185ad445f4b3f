import AgentCore
import Foundation
import Testing
@testable import ResultStore

@Suite struct TrajectoryStoreTests {
    @Test func writtenTrajectoryReadsBackEqualWithItsRows() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        let original = Fixtures.trajectory("t1")
        try store.write(original, workerID: "w1")
        #expect(try store.trajectory(taskID: "t1", attempt: 1) == original)
        #expect(try store.hasResult(taskID: "t1", attempt: 1))
        #expect(try !store.hasResult(taskID: "t1", attempt: 2))
        #expect(try store.counts() == .init(tasks: 1, attempts: 1, modelCalls: 2, actions: 1))
        #expect(try store.allTrajectories().map(\.workerID) == ["w1"])
    }

    @Test func storedRowsAreQueryableWithPlainSQL() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        try store.write(Fixtures.trajectory("t1"), workerID: "w1")
        let row = try store.withDatabase { db -> (String, Int, String)? in
            var result: (String, Int, String)?
            try db.prepare("""
                SELECT t.dataset, a.correct, x.name FROM attempts a JOIN tasks t USING (task_id)
                JOIN actions x ON x.attempt_id = a.id
                """).forEachRow { result = ($0.text(0), $0.int(1), $0.text(2)) }
            return result
        }
        #expect(row?.0 == "gsm8k")
        #expect(row?.1 == 1)
        #expect(row?.2 == "Calculator")
    }

    @Test func rewritingTheSameAttemptReplacesIt() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        try store.write(Fixtures.trajectory("t1", correct: false), workerID: "w1")
        let second = Fixtures.trajectory("t1", correct: true, calls: [Fixtures.call(.plan, prompt: 1, completion: 1, cached: 0, ms: 1)])
        try store.write(second, workerID: "w2")
        #expect(try store.counts() == .init(tasks: 1, attempts: 1, modelCalls: 1, actions: 1))
        #expect(try store.trajectory(taskID: "t1", attempt: 1) == second)
        try store.write(Fixtures.trajectory("t1", attempt: 2), workerID: "w2")
        #expect(try store.counts().attempts == 2)
    }

    @Test func failureInsideTheWriteLeavesNothingBehind() throws {
        struct Injected: Error {}
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        try store.write(Fixtures.trajectory("t1"), workerID: "w1")
        #expect(throws: Injected.self) {
            try store.write(Fixtures.trajectory("t2"), workerID: "w1", afterAttempt: { throw Injected() })
        }
        // A replacement that fails half-way keeps the earlier version whole.
        #expect(throws: Injected.self) {
            try store.write(Fixtures.trajectory("t1", correct: false), workerID: "w9", afterAttempt: { throw Injected() })
        }
        #expect(try store.counts() == .init(tasks: 1, attempts: 1, modelCalls: 2, actions: 1))
        #expect(try store.trajectory(taskID: "t1", attempt: 1)?.correct == true)
        #expect(try store.trajectory(taskID: "t2", attempt: 1) == nil)
    }

    @Test func newFileIsMigratedToTheCurrentVersionAndReopens() throws {
        let scratch = try Scratch()
        let path = scratch.path("w.db")
        try TrajectoryStore.open(path: path).close()
        let db = try Database(path: path)
        #expect(try db.userVersion == TrajectoryStore.schemaVersion)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('tasks', 'attempts', 'model_calls', 'actions')") == 4)
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try db.scalarInt("SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1)
        db.close()
        let reopened = try TrajectoryStore.open(path: path)
        #expect(try reopened.counts().tasks == 0)
    }

    @Test func newerSchemaIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.path("w.db")
        try TrajectoryStore.open(path: path).close()
        let db = try Database(path: path)
        try db.execute("PRAGMA user_version = 99")
        db.close()
        let error = #expect(throws: StoreError.self) { try TrajectoryStore.open(path: path) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("upgrade") == true)
    }

    @Test func corruptFileIsAClearError() throws {
        let scratch = try Scratch()
        let path = scratch.path("junk.db")
        try Data(String(repeating: "this is not a database ", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try TrajectoryStore.open(path: path) }
        #expect(error?.code == .notADatabase)
        #expect(error?.message.contains("junk.db") == true)
    }

    @Test func fullDiskIsAClearErrorAndKeepsEarlierRows() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        try store.write(Fixtures.trajectory("t1"), workerID: "w")
        // SQLite reports SQLITE_FULL when the file would outgrow max_page_count, as on a full disk.
        let pages = try store.withDatabase { db in try db.scalarInt("PRAGMA page_count") ?? 0 }
        try store.withDatabase { db in try db.execute("PRAGMA max_page_count = \(pages + 2)") }
        var big = Fixtures.trajectory("t2")
        big.modelCalls[0].prompt = String(repeating: "long prompt ", count: 50_000)
        let error = #expect(throws: StoreError.self) { try store.write(big, workerID: "w") }
        #expect(error?.code == .diskFull)
        #expect(try store.counts() == .init(tasks: 1, attempts: 1, modelCalls: 2, actions: 1))
    }

    @Test func writerLockedOutBeyondTheBusyTimeoutGetsBusy() throws {
        let scratch = try Scratch()
        let path = scratch.path("w.db")
        try TrajectoryStore.open(path: path).close()
        let holder = try Database(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        defer { try? holder.execute("ROLLBACK") }
        let waiter = try Database(path: path, options: .init(busyTimeoutMilliseconds: 10))
        let error = #expect(throws: StoreError.self) { try waiter.transaction {} }
        #expect(error?.code == .busy)
    }

    @Test func missingDirectoryIsAClearError() throws {
        let error = #expect(throws: StoreError.self) { try TrajectoryStore.open(path: "/nonexistent-dir/x/results.db") }
        #expect(error?.code == .cannotOpen)
    }

    @Test func writingThroughAReadOnlyOpenSaysNotWritable() throws {
        let scratch = try Scratch()
        let path = scratch.path("w.db")
        try TrajectoryStore.open(path: path).close()
        let store = try TrajectoryStore.open(path: path, readOnly: true)
        let error = #expect(throws: StoreError.self) { try store.write(Fixtures.trajectory("t1"), workerID: "w") }
        #expect(error?.code == .notWritable)
        #expect(try store.counts().attempts == 0)
    }

    @Test func unrelatedDatabaseIsRefusedAndLeftAlone() throws {
        let scratch = try Scratch()
        let path = scratch.path("other.db")
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (x)")
        db.close()
        let error = #expect(throws: StoreError.self) { try TrajectoryStore.open(path: path, readOnly: true) }
        #expect(error?.code == .notADatabase)
        let writeError = #expect(throws: StoreError.self) { try TrajectoryStore.open(path: path) }
        #expect(writeError?.code == .notADatabase)
        let check = try Database(path: path)
        #expect(try check.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'attempts'") == 0)
    }

    @Test func valuesWithQuotesAndNULsAreBoundNotSpliced() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        var trajectory = Fixtures.trajectory("t'1; DROP TABLE tasks; --")
        trajectory.modelCalls[0].completion = "a\u{0}b \"quoted\" 'single'"
        try store.write(trajectory, workerID: "w'1")
        let completion = try store.withDatabase { db -> String? in
            var text: String?
            try db.prepare("SELECT completion FROM model_calls WHERE seq = 0").forEachRow { text = $0.text(0) }
            return text
        }
        #expect(completion == "a\u{0}b \"quoted\" 'single'")
        #expect(try store.trajectory(taskID: "t'1; DROP TABLE tasks; --", attempt: 1) == trajectory)
    }
}

@Suite struct TrajectoryStoreSharingTests {
    @Test func twoConnectionsWritingFromTwoThreadsLoseNothing() async throws {
        let scratch = try Scratch()
        let path = scratch.path("shared.db")
        let first = try TrajectoryStore.open(path: path)
        let second = try TrajectoryStore.open(path: path)
        // Each store is written from its own thread, as two worker processes would.
        let failures = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let group = DispatchGroup()
            let counter = FailureCounter()
            for (name, store) in [("A", first), ("B", second)] {
                group.enter()
                Thread.detachNewThread {
                    for i in 0..<40 {
                        do { try store.write(Fixtures.trajectory("\(name)\(i)"), workerID: name) } catch { counter.add() }
                    }
                    group.leave()
                }
            }
            group.notify(queue: .global()) { continuation.resume(returning: counter.value) }
        }
        #expect(failures == 0)
        #expect(try first.counts() == .init(tasks: 80, attempts: 80, modelCalls: 160, actions: 80))
    }

    @Test func completedAttemptIgnoresInfrastructureFailures() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        #expect(try store.completedAttempt(taskID: "t1") == nil)
        try store.write(Fixtures.trajectory("t1", attempt: 1, correct: false), workerID: "w")
        try store.write(Fixtures.trajectory("t1", attempt: 2, termination: .modelError, correct: false), workerID: "w")
        #expect(try store.completedAttempt(taskID: "t1") == 1)
    }

    @Test func useAfterCloseIsAnErrorNotACrash() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        store.close()
        let error = #expect(throws: StoreError.self) { try store.write(Fixtures.trajectory("t1"), workerID: "w") }
        #expect(error?.code == .closed)
    }
}

/// Counts failures from several threads.
private final class FailureCounter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

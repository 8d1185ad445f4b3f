import AgentCore
import Foundation
import Testing
@testable import ResultStore

@Suite struct AggregatorTests {
    /// Two workers that both ran some tasks, as after a crash between write and ack.
    private func twoWorkerDatabases(_ scratch: Scratch) throws -> [String] {
        let a = try TrajectoryStore.open(path: scratch.path("a.db"))
        let b = try TrajectoryStore.open(path: scratch.path("b.db"))
        // t1: attempt 1 completed on A, attempt 2 completed on B → attempt 2.
        try a.write(Fixtures.trajectory("t1", attempt: 1, correct: false), workerID: "A")
        try b.write(Fixtures.trajectory("t1", attempt: 2, correct: true), workerID: "B")
        // t2: attempt 1 completed on A, attempt 2 an infrastructure failure on B → attempt 1.
        try a.write(Fixtures.trajectory("t2", attempt: 1, correct: true), workerID: "A")
        try b.write(Fixtures.trajectory("t2", attempt: 2, termination: .modelError, correct: false), workerID: "B")
        // t3: the same attempt written by both (at-least-once delivery) → one copy.
        try a.write(Fixtures.trajectory("t3", attempt: 1), workerID: "A")
        try b.write(Fixtures.trajectory("t3", attempt: 1), workerID: "B")
        // t4: only infrastructure failures → the latest of them.
        try a.write(Fixtures.trajectory("t4", attempt: 1, termination: .modelError, correct: false), workerID: "A")
        try b.write(Fixtures.trajectory("t4", attempt: 3, termination: .modelError, correct: false), workerID: "B")
        a.close()
        b.close()
        return [scratch.path("a.db"), scratch.path("b.db")]
    }

    @Test func keepsOneResultPerTaskPreferringCompletedThenLatest() throws {
        let scratch = try Scratch()
        let inputs = try twoWorkerDatabases(scratch)
        let summary = try Aggregator.merge(inputs: inputs, into: scratch.path("all.db"))
        #expect(summary.scanned == 8)
        #expect(summary.tasks == 4)
        let merged = try TrajectoryStore.open(path: scratch.path("all.db"))
        let kept = Dictionary(uniqueKeysWithValues: try merged.allTrajectories().map { ($0.trajectory.task.id, $0) })
        #expect(kept.count == 4)
        #expect(kept["t1"]?.trajectory.attempt == 2)
        #expect(kept["t1"]?.workerID == "B")
        #expect(kept["t2"]?.trajectory.attempt == 1)
        #expect(kept["t2"]?.trajectory.termination == .answered)
        #expect(kept["t3"]?.trajectory.attempt == 1)
        #expect(kept["t4"]?.trajectory.attempt == 3)
        #expect(try merged.counts() == .init(tasks: 4, attempts: 4, modelCalls: 8, actions: 4))
    }

    @Test func mergingAgainAddsNothing() throws {
        let scratch = try Scratch()
        let inputs = try twoWorkerDatabases(scratch)
        let output = scratch.path("all.db")
        _ = try Aggregator.merge(inputs: inputs, into: output)
        let again = try Aggregator.merge(inputs: inputs + inputs.reversed(), into: output)
        #expect(again.added == 0)
        #expect(again.replaced == 0)
        #expect(again.skipped == 16)
        #expect(try TrajectoryStore.open(path: output).counts() == .init(tasks: 4, attempts: 4, modelCalls: 8, actions: 4))
    }

    @Test func inputOrderDoesNotChangeTheResult() throws {
        let scratch = try Scratch()
        let inputs = try twoWorkerDatabases(scratch)
        _ = try Aggregator.merge(inputs: inputs, into: scratch.path("ab.db"))
        _ = try Aggregator.merge(inputs: inputs.reversed(), into: scratch.path("ba.db"))
        let ab = try TrajectoryStore.open(path: scratch.path("ab.db")).allTrajectories().map(\.trajectory)
        let ba = try TrajectoryStore.open(path: scratch.path("ba.db")).allTrajectories().map(\.trajectory)
        #expect(ab == ba)
    }

    @Test func chosenTrajectoriesInOneFileFollowTheSameRule() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("w.db"))
        try store.write(Fixtures.trajectory("t1", attempt: 1, correct: true), workerID: "A")
        try store.write(Fixtures.trajectory("t1", attempt: 2, termination: .modelError, correct: false), workerID: "A")
        try store.write(Fixtures.trajectory("t2", attempt: 1, correct: false), workerID: "A")
        try store.write(Fixtures.trajectory("t2", attempt: 2, correct: true), workerID: "A")
        let chosen = try store.chosenTrajectories().map { "\($0.trajectory.task.id)#\($0.trajectory.attempt)" }
        #expect(chosen == ["t1#1", "t2#2"])
    }

    @Test func aNonDatabaseInputFailsWithoutTouchingTheOutput() throws {
        let scratch = try Scratch()
        let inputs = try twoWorkerDatabases(scratch)
        let junk = scratch.path("junk.db")
        try Data(String(repeating: "junk ", count: 500).utf8).write(to: URL(fileURLWithPath: junk))
        let output = scratch.path("all.db")
        _ = try Aggregator.merge(inputs: [inputs[0]], into: output)
        let error = #expect(throws: StoreError.self) { try Aggregator.merge(inputs: [junk], into: output) }
        #expect(error?.code == .notADatabase)
        #expect(try TrajectoryStore.open(path: output).counts().tasks == 4)
    }

    @Test func offeringResultsOneByOneKeepsThePreferredAttempt() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("c.db"))
        #expect(try Aggregator.offer(Fixtures.trajectory("t1", attempt: 1, termination: .modelError, correct: false), workerID: "A", to: store) == .added)
        #expect(try Aggregator.offer(Fixtures.trajectory("t1", attempt: 2), workerID: "B", to: store) == .replaced)
        #expect(try Aggregator.offer(Fixtures.trajectory("t1", attempt: 2), workerID: "B", to: store) == .skipped)
        #expect(try Aggregator.offer(Fixtures.trajectory("t1", attempt: 3, termination: .modelError, correct: false), workerID: "C", to: store) == .skipped)
        #expect(try store.allTrajectories().map { "\($0.trajectory.attempt)@\($0.workerID)" } == ["2@B"])
    }
}

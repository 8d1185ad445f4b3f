import AgentCore
import Foundation
import Testing
@testable import ResultStore

/// Review labels from the console: stored in the results database, honoured by mining, and the
/// trajectory list's keyset pages and filters.
struct ReviewTests {
    func storeWithThreeCorrectTasks(_ scratch: Scratch) throws -> TrajectoryStore {
        let store = try TrajectoryStore.open(path: scratch.path("results.db"))
        for id in ["a", "b", "c"] {
            var trajectory = Fixtures.trajectory(id)
            trajectory.task.question = "Question \(id): what is 2+2?"
            try store.write(trajectory, workerID: "w1")
        }
        return store
    }

    @Test func rejectedTrajectoriesAreLeftOutOfMiningAndReviewedOnlyKeepsAcceptedOnes() throws {
        let scratch = try Scratch()
        let store = try storeWithThreeCorrectTasks(scratch)
        defer { store.close() }
        #expect(try AnnotationMiner.mine(store: store, into: scratch.path("all")).successful == 3)

        try store.setReview(Review(taskID: "a", attempt: 1, verdict: .rejected, reason: "steps do not match"))
        try store.setReview(Review(taskID: "b", attempt: 1, verdict: .accepted))
        let mined = try AnnotationMiner.mine(store: store, into: scratch.path("default"))
        #expect(mined.tasks == 2 && mined.successful == 2)
        let reviewed = try AnnotationMiner.mine(store: store, into: scratch.path("reviewed"), options: .init(review: .acceptedOnly))
        #expect(reviewed.tasks == 1 && reviewed.successful == 1)

        // Changing one's mind replaces the label.
        try store.setReview(Review(taskID: "a", attempt: 1, verdict: .accepted))
        #expect(try store.review(taskID: "a", attempt: 1)?.verdict == .accepted)
        #expect(try store.review(taskID: "a", attempt: 1)?.reason == nil)
        #expect(try AnnotationMiner.mine(store: store, into: scratch.path("again")).tasks == 3)
    }

    @Test func reviewingAnAttemptThatIsNotStoredIsANamedError() throws {
        let scratch = try Scratch()
        let store = try storeWithThreeCorrectTasks(scratch)
        defer { store.close() }
        #expect(throws: StoreError.self) { try store.setReview(Review(taskID: "zzz", attempt: 1, verdict: .rejected)) }
        let long = String(repeating: "x", count: 10_000)
        #expect(throws: StoreError.self) { try store.setReview(Review(taskID: "a", attempt: 1, verdict: .rejected, reason: long)) }
    }

    @Test func listPagesByKeysetNewestFirstAndFiltersWithBoundValues() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("list.db"))
        defer { store.close() }
        var batch: [Trajectory] = []
        for i in 0..<25 {
            var trajectory = Fixtures.trajectory("t\(i)", correct: i % 5 == 0)
            trajectory.task.question = i == 7 ? "100% of 5_0 apples' price?" : "Plain question \(i)"
            batch.append(trajectory)
        }
        try store.write(batch, workerID: "w")
        var ids: [Int] = []
        var before: Int?
        repeat {
            let page = try store.attemptPage(AttemptQuery(), before: before, limit: 10)
            ids += page.rows.map(\.id)
            before = page.nextBefore
        } while before != nil
        #expect(ids.count == 25 && ids == ids.sorted(by: >))
        #expect(try store.attemptPage(AttemptQuery(correct: true)).rows.count == 5)
        // LIKE wildcards in the search text match themselves only.
        #expect(try store.attemptPage(AttemptQuery(text: "100% of 5_0")).rows.map(\.taskID) == ["t7"])
        #expect(try store.attemptPage(AttemptQuery(text: "0% of 5_")).rows.count == 1)
        #expect(try store.attemptPage(AttemptQuery(text: "_")).rows.count == 1)
        #expect(try store.attemptPage(AttemptQuery(text: "' OR 1=1 --")).rows.isEmpty)
        try store.setReview(Review(taskID: "t3", attempt: 1, verdict: .rejected))
        #expect(try store.attemptPage(AttemptQuery(verdict: .rejected)).rows.map(\.taskID) == ["t3"])
        #expect(try store.attemptPage(AttemptQuery(unreviewed: true)).rows.count == 24)
    }

    @Test func aFileFromBeforeReviewsIsMinedReadOnlyWithNothingRejectedAndNothingAccepted() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.db")
        let writer = try TrajectoryStore.open(path: path)
        try writer.write(Fixtures.trajectory("a"), workerID: "w")
        writer.close()
        // Back to the schema before reviews: drop what migration 4 added.
        let db = try Database(path: path)
        try db.execute("DROP TABLE reviews; PRAGMA user_version = 3")
        db.close()
        let store = try TrajectoryStore.open(path: path, readOnly: true)
        defer { store.close() }
        #expect(try AnnotationMiner.mine(store: store, into: scratch.path("all")).successful == 1)
        #expect(try AnnotationMiner.mine(store: store, into: scratch.path("reviewed"), options: .init(review: .acceptedOnly)).successful == 0)
    }
}

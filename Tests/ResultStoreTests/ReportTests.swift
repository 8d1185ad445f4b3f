import AgentCore
import Foundation
import Testing
@testable import ResultStore

@Suite struct ReportTests {
    /// Four GSM8K iterative tasks with known figures, and one HotpotQA onetime task.
    private func knownStore(_ scratch: Scratch) throws -> TrajectoryStore {
        let store = try TrajectoryStore.open(path: scratch.path("r.db"))
        let toolError = ActionRecord(step: 1, raw: "R1 = Calculator(1/0)", name: "Calculator", error: "division by zero")
        let parseError = ActionRecord(step: 1, raw: "garbage")
        try store.write(Fixtures.trajectory("g1", correct: true, milliseconds: 1000), workerID: "w")
        try store.write(Fixtures.trajectory("g2", correct: true, milliseconds: 2000), workerID: "w")
        try store.write(Fixtures.trajectory("g3", termination: .toolError, correct: false, milliseconds: 3000, actions: [toolError, toolError]), workerID: "w")
        try store.write(Fixtures.trajectory("g4", termination: .parseError, correct: false, milliseconds: 4000, actions: [parseError]), workerID: "w")
        // A superseded attempt of g4 must not count.
        try store.write(Fixtures.trajectory("g4", attempt: 0, correct: true, milliseconds: 99_000), workerID: "w")
        try store.write(Fixtures.trajectory("h1", dataset: .hotpotqa, formulation: .onetime, correct: true, milliseconds: 500), workerID: "w")
        return store
    }

    @Test func figuresMatchAKnownSet() throws {
        let scratch = try Scratch()
        let report = try Report.build(from: try knownStore(scratch))
        #expect(report.groups.map { "\($0.dataset)/\($0.formulation)" } == ["gsm8k/iterative", "hotpotqa/onetime"])
        let gsm = report.groups[0]
        #expect(gsm.count == 4)
        #expect(gsm.correct == 2)
        #expect(gsm.accuracy == 0.5)
        #expect(gsm.terminations == ["answered": 2, "tool_error": 1, "parse_error": 1])
        #expect(gsm.toolErrors == ["Calculator": 2])
        #expect(gsm.latencyP50Milliseconds == 2000)
        #expect(gsm.latencyP95Milliseconds == 4000)
        // Each attempt: 20 completion tokens in 1 s of model calls.
        #expect(gsm.tokensPerSecond == 20)
        let plan = try #require(gsm.modelCalls.first { $0.module == "plan" })
        let ground = try #require(gsm.modelCalls.first { $0.module == "ground" })
        #expect(plan.calls == 4)
        #expect(plan.meanPromptTokens == 100)
        #expect(plan.cachedTokenShare == 0)
        #expect(ground.meanPromptTokens == 200)
        #expect(ground.cachedTokenShare == 0.25)
        #expect(ground.meanMilliseconds == 500)
        #expect(report.groups[1].count == 1)
        #expect(report.groups[1].accuracy == 1)
    }

    @Test func tokensPerSecondLeavesPromptProcessingOutWhenGenerationTimeIsRecorded() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("r.db"))
        let timed = [
            Fixtures.call(.plan, prompt: 100, completion: 10, cached: 0, ms: 500, promptMs: 300, generationMs: 200),
            Fixtures.call(.ground, prompt: 200, completion: 10, cached: 50, ms: 500, promptMs: 200, generationMs: 300),
        ]
        try store.write(Fixtures.trajectory("g1", calls: timed), workerID: "w")
        // 20 completion tokens in 0.5 s of generation (1 s with prompt processing).
        #expect(try Report.build(from: store).groups[0].tokensPerSecond == 40)
        // An untimed attempt counts its calls' whole duration: 40 tokens in 0.5 s + 1 s.
        try store.write(Fixtures.trajectory("g2"), workerID: "w")
        let mixed = try Report.build(from: store).groups[0].tokensPerSecond
        #expect(abs(mixed - 40 / 1.5) < 1e-9)
    }

    @Test func callsStoredBeforeTheSplitTimesKeepTheOldFigureAfterMigration() throws {
        let scratch = try Scratch()
        let path = scratch.path("v1.db")
        let store = try TrajectoryStore.open(path: path)
        try store.write(Fixtures.trajectory("g1"), workerID: "w")
        store.close()
        // Turn the file back into schema version 1, as an older build wrote it.
        let db = try Database(path: path)
        try db.execute("ALTER TABLE model_calls DROP COLUMN prompt_ms; ALTER TABLE model_calls DROP COLUMN generation_ms")
        try db.execute("""
            DROP TABLE reviews; DROP INDEX attempts_by_correct; DROP INDEX attempts_by_termination;
            DROP INDEX attempts_by_worker; DROP INDEX attempts_by_plan_model;
            DROP TABLE judge_verdicts; DROP INDEX tasks_by_item;
            ALTER TABLE tasks DROP COLUMN item_id; ALTER TABLE tasks DROP COLUMN sample;
            ALTER TABLE tasks DROP COLUMN seed; ALTER TABLE tasks DROP COLUMN sampling
            """)
        try db.setUserVersion(1)
        db.close()
        let reopened = try TrajectoryStore.open(path: path)
        #expect(try reopened.withDatabase { try $0.userVersion } == TrajectoryStore.schemaVersion)
        #expect(try Report.build(from: reopened).groups[0].tokensPerSecond == 20)
        try reopened.write(Fixtures.trajectory("g2", calls: [
            Fixtures.call(.plan, prompt: 100, completion: 20, cached: 0, ms: 500, promptMs: 250, generationMs: 250),
        ]), workerID: "w")
        // 40 tokens over 1 s (g1, whole durations) + 0.25 s (g2, generation only).
        #expect(try Report.build(from: reopened).groups[0].tokensPerSecond == 32)
    }

    @Test func unparsedActionErrorsAreCountedSeparately() throws {
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("r.db"))
        try store.write(Fixtures.trajectory("g1", actions: [ActionRecord(step: 1, raw: "??", error: "does not parse")]), workerID: "w")
        #expect(try Report.build(from: store).groups[0].toolErrors == ["<unparsed>": 1])
    }

    @Test func textAndJSONRenderingsCarryTheFigures() throws {
        let scratch = try Scratch()
        let report = try Report.build(from: try knownStore(scratch))
        let text = report.renderText()
        #expect(text.contains("gsm8k · iterative"))
        #expect(text.contains("50.0% (2/4)"))
        #expect(text.contains("tool errors        Calculator 2"))
        let json = try report.renderJSON()
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let groups = decoded?["groups"] as? [[String: Any]]
        #expect(groups?.first?["accuracy"] as? Double == 0.5)
        #expect(groups?.first?["latency_p95_milliseconds"] as? Double == 4000)
    }

    @Test func emptyDatabaseReportsNoResults() throws {
        let scratch = try Scratch()
        let report = try Report.build(from: try TrajectoryStore.open(path: scratch.path("e.db")))
        #expect(report.groups.isEmpty)
        #expect(report.renderText().hasPrefix("No results"))
    }

    @Test func percentileUsesNearestRank() {
        #expect(percentile([], 50) == 0)
        #expect(percentile([5], 95) == 5)
        #expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5)
        #expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10)
    }
}

import AgentCore
import Foundation
import Queue
import ResultStore
import TestSupport
import Testing

/// The console in a real headless Chromium, against a real Redis, real result databases and a
/// real worker on the bundled model. Screenshots go to docs/ for the README.
@Suite(.serialized) struct ConsoleBrowserTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    /// A stored trajectory whose model text tries to run script in the reader's browser.
    static func hostileTrajectory() -> Trajectory {
        let model = ModelIdentity(backend: .engine, location: "test", name: "hostile")
        let task = AgentTask(id: "hostile-1", dataset: .gsm8k, domain: .maths, formulation: .iterative,
                             question: "What is 2 + 2? <img src=x onerror=\"window.__pwned='question'\">", answer: "#### 4", source: "test")
        let completion = "Subgoal 1: <script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='onerror'\">"
        return Trajectory(
            task: task, attempt: 1, planModel: model, groundModel: model,
            steps: [Step(index: 1, plannerOutput: completion, subgoals: [completion], actionLine: "R1 = Calculator(2 + 2)")],
            modelCalls: [ModelCall(module: .plan, step: 1, model: "hostile", prompt: "<script>window.__pwned='prompt'</script>", completion: completion,
                                   finishReason: .stop, promptTokens: 10, completionTokens: 20, cachedPromptTokens: 0, milliseconds: 5)],
            actions: [ActionRecord(step: 1, raw: "R1 = Calculator(2 + 2)", name: "Calculator", outputs: ["R1"], arguments: "2 + 2",
                                   substitutedArguments: "2 + 2", result: "4</pre><script>window.__pwned='result'</script>", milliseconds: 1)],
            finalAnswer: "4", goldAnswer: "4", correct: true, termination: .answered)
    }

    @Test func consoleShowsLiveCountsTrajectoriesAndReviewsWithoutRunningModelText() throws {
        _ = try TestData.gemmaModel()
        let scene = try ConsoleScene()
        let workerDB = scene.path("worker.db"), hostileDB = scene.path("hostile.db")
        try TrajectoryStore.open(path: workerDB).close()
        let hostile = try TrajectoryStore.open(path: hostileDB)
        try hostile.write(Self.hostileTrajectory(), workerID: "test")
        hostile.close()

        let tasks = scene.path("tasks.jsonl")
        try (1...3).map { "{\"question\": \"Ann has \($0) apples and buys 2 more. How many apples does she have?\", \"answer\": \"#### \($0 + 2)\"}" }
            .joined(separator: "\n").write(toFile: tasks, atomically: true, encoding: .utf8)
        let submitted = try scene.submit(["submit", tasks, "--formulation", "onetime"])
        #expect(submitted.status == 0, "\(submitted.output)")

        try scene.startConsole(databases: [workerDB, hostileDB])
        let browser = try WebDriver()
        try browser.open(scene.base + "/login?token=" + scene.token)
        try browser.open(scene.base + "/")
        let doneCell = "var c=document.querySelector('tr[data-queue=\"agents\"] td[data-state=\"done\"]');return c?c.textContent:'';"
        #expect(try browser.text(doneCell) == "0")
        try browser.run("window.__sameDocument = true;")

        // A real worker on the bundled model works the batch while the page stays open.
        try scene.spawn("lumos-worker", ["run", "--db", workerDB, "--exit-when-idle", "--idle-seconds", "2", "--max-new-tokens", "24",
                                         "--threads", "2", "--profile", "fewshot"], log: "worker.log")
        var seen: Set<String> = []
        let finished = try eventually(timeout: 300, every: 0.2) {
            // One read per poll: with two, a batch finished between them was never recorded as seen.
            let done = try browser.text(doneCell)
            seen.insert(done)
            return done == "3"
        }
        #expect(finished, "worker log: \((try? String(contentsOfFile: scene.path("worker.log"), encoding: .utf8)) ?? "")")
        #expect(try browser.run("return window.__sameDocument === true;") as? Bool == true, "the page reloaded instead of updating itself")
        #expect(seen.count >= 2, "the done count never changed on the open page: \(seen)")
        try browser.screenshot(to: Self.docs.appendingPathComponent("console-overview.png").path)

        // Every subgoal, action and result of a stored trajectory is on its page.
        let store = try TrajectoryStore.open(path: workerDB, readOnly: true)
        let stored = try #require(try store.allTrajectories().first { !$0.trajectory.actions.isEmpty } ?? store.allTrajectories().first)
        let id = try #require(try store.attemptID(taskID: stored.trajectory.task.id, attempt: stored.trajectory.attempt))
        store.close()
        try browser.open(scene.base + "/trajectories/0/\(id)")
        let story = try browser.text("return document.getElementById('story').textContent;")
        for step in stored.trajectory.steps {
            for subgoal in step.subgoals { #expect(story.contains(subgoal), "missing subgoal \(subgoal)") }
        }
        for action in stored.trajectory.actions {
            #expect(story.contains(action.raw), "missing action \(action.raw)")
            if let result = action.result { #expect(story.contains(result), "missing result \(result)") }
            if let error = action.error { #expect(story.contains(error), "missing error \(error)") }
        }
        try browser.run("document.querySelectorAll('details').forEach(function(d,i){if(i<2)d.open=true;});")
        try browser.screenshot(to: Self.docs.appendingPathComponent("console-trajectory.png").path)

        // Rejected on the page, then left out by mine.
        let before = try scene.submit(["mine", workerDB, "--out", scene.path("mined-before"), "--json"])
        #expect(before.output.contains("\"tasks\":3"), "\(before.output)")
        try browser.run("document.querySelector('#review input[name=reason]').value='steps do not match the subgoals'; document.getElementById('reject').click();")
        #expect(try eventually(timeout: 10, every: 0.2) { try browser.text("var v=document.getElementById('verdict');return v?v.textContent:'';").contains("rejected") })
        let after = try scene.submit(["mine", workerDB, "--out", scene.path("mined-after"), "--json"])
        #expect(after.output.contains("\"tasks\":2"), "\(after.output)")

        // Model text with <script> and onerror= shows as text and never runs.
        let hostileID = try #require(try TrajectoryStore.open(path: hostileDB, readOnly: true).attemptID(taskID: "hostile-1", attempt: 1))
        try browser.open(scene.base + "/trajectories/1/\(hostileID)")
        try browser.run("document.querySelectorAll('details').forEach(function(d){d.open=true;});")
        // Give any handler that slipped through (an image error, a script) time to have run.
        letTimePass(0.5)
        #expect(try browser.run("return typeof window.__pwned;") as? String == "undefined")
        #expect(try browser.text("return document.body.textContent;").contains("<script>window.__pwned='script'</script>"))
        #expect(try browser.run("return document.querySelectorAll('main script, main img').length;") as? Int == 0)
    }

    @Test func stateChangesWithoutTheTokenAreRefused() throws {
        let scene = try ConsoleScene()
        let db = scene.path("results.db")
        let store = try TrajectoryStore.open(path: db)
        try store.write(Self.hostileTrajectory(), workerID: "test")
        let id = try #require(try store.attemptID(taskID: "hostile-1"))
        store.close()
        try scene.startConsole(databases: [db])
        let client = HTTPClient(configuration: .init(allowPrivateNetworks: true))
        let form = Array("verdict=rejected&reason=x".utf8)
        let headers = ["Content-Type": "application/x-www-form-urlencoded"]
        let anonymous = try client.send(HTTPRequest(method: "POST", url: scene.base + "/trajectories/0/\(id)/review", headers: headers, body: form))
        #expect(anonymous.status == 403)
        let wrong = try client.send(HTTPRequest(method: "POST", url: scene.base + "/dead/purge", headers: headers.merging(["Cookie": "lumos_console=nope"]) { $1 }, body: Array("queue=agents".utf8)))
        #expect(wrong.status == 403)
        // A GET cannot change state: the route only answers POST.
        let get = try client.send(HTTPRequest(url: scene.base + "/dead/purge?queue=agents"))
        #expect(get.status == 404 || get.status == 405)
        #expect(try TrajectoryStore.open(path: db, readOnly: true).review(taskID: "hostile-1", attempt: 1) == nil)

        let signed = try client.send(HTTPRequest(method: "POST", url: scene.base + "/trajectories/0/\(id)/review",
                                                 headers: headers.merging(["Authorization": "Bearer \(scene.token)"]) { $1 }, body: form))
        #expect(signed.status == 303)
        #expect(try TrajectoryStore.open(path: db, readOnly: true).review(taskID: "hostile-1", attempt: 1)?.verdict == .rejected)
    }
}

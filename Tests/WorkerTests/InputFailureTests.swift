import Foundation
import Queue
import TestSupport
import Testing
import Worker

/// Failures that no retry can fix, and values no process can run with, on the real binaries.
@Suite(.serialized) struct InputFailureTests {
    @Test(.enabled(if: Fleet.hasModel)) func anOverlongQuestionIsDeadOnItsFirstAttemptWithTheReason() throws {
        let scene = try Scene()
        let file = scene.directory.appendingPathComponent("long.jsonl")
        let question = String(repeating: "apples and pears ", count: 3000) + "How many apples?"
        try "{\"question\": \"\(question)\", \"answer\": \"#### 1\"}\n".write(to: file, atomically: true, encoding: .utf8)
        let submitted = try Fleet.run(Fleet.submit, ["submit", file.path, "--formulation", "onetime", "--max-attempts", "3", "--json"], redis: scene.url)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let worker = try scene.spawn(Fleet.worker, ["run", "--db", scene.path("w.db"), "--exit-when-idle", "--idle-seconds", "1",
                                                    "--threads", "2", "--profile", "fewshot", "--max-new-tokens", "8"], log: "w.log")
        #expect(Fleet.waitForExit(worker, seconds: 120))
        let log = (try? String(contentsOfFile: scene.path("w.log"), encoding: .utf8)) ?? ""
        let counts = try scene.queue.counts(of: QueueConfiguration.defaultQueue)
        #expect(counts.dead == 1, "\(log)")
        let dead = try #require(try scene.queue.deadTasks(in: QueueConfiguration.defaultQueue).first)
        #expect(dead.attempt == 1)
        #expect(dead.lastError?.contains("input_error") == true)
        #expect(dead.lastError?.contains("context") == true)
    }

    @Test(.enabled(if: Fleet.hasModel)) func runTaskExitsNonZeroWhenTheModelCannotBeCalled() throws {
        // A loopback port nobody listens on: the endpoint is unreachable.
        let output = try Fleet.run(Fleet.worker, ["run-task", "--domain", "maths", "--formulation", "onetime", "--question", "What is 2 plus 2?",
                                                  "--plan-model", "http://127.0.0.1:9/v1", "--ground-model", "http://127.0.0.1:9/v1"], redis: nil)
        #expect(output.status != 0, "\(output.stdout)")
        #expect(output.stdout.contains("model_error"))
        #expect(output.stderr.contains("Error:"))
    }

    @Test(arguments: [
        (["--lease", "inf"], "--lease"), (["--lease", "nan"], "--lease"), (["--lease", "1e12"], "--lease"),
        (["--grace", "nan"], "--grace"), (["--task-timeout", "-1"], "--task-timeout"),
        (["--idle-seconds", "nan"], "--idle-seconds"), (["--concurrency", "100000"], "--concurrency"),
        (["--concurrency", "0"], "--concurrency"), (["--max-new-tokens", "0"], "--max-new-tokens"),
        (["--context-length", "0"], "--context-length"), (["--kv-budget-mib", "0"], "--kv-budget-mib"),
    ])
    func workerRefusesABadValueNamingTheFlag(arguments: [String], flag: String) throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Fleet.run(Fleet.worker, ["run", "--db", directory.appendingPathComponent("w.db").path] + arguments, redis: nil)
        #expect(output.status != 0)
        #expect(output.stderr.contains(flag), "\(output.stderr)")
        #expect(!output.stderr.contains("could not reach Redis"))
    }

    @Test(arguments: ["abc", "0", "-5", "100000"])
    func aMalformedOrOutOfRangeConcurrencyVariableIsAnErrorNamingIt(value: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_CONCURRENCY"] = value
        environment["LUMOS_REDIS_URL"] = nil
        let output = try ChildProcess.run(Fleet.worker, ["run", "--db", "/nonexistent-dir/w.db"], environment: environment)
        let stderr = output.stderr
        #expect(output.status != 0)
        #expect(stderr.contains("LUMOS_CONCURRENCY"), "\(stderr)")
    }

    @Test(arguments: [
        (["-n", "-1"], "-n"), (["--temp", "nan"], "--temp"), (["--top-p", "2"], "--top-p"), (["-n", "0"], "-n"),
    ])
    func generateRefusesABadValueNamingTheFlag(arguments: [String], flag: String) throws {
        let output = try Fleet.run(Fleet.worker, ["generate", "--prompt", "Hello"] + arguments, redis: nil)
        #expect(output.status != 0)
        #expect(output.stderr.contains(flag), "\(output.stderr)")
    }

    @Test func concurrencyAboveTheBoundIsRefusedWithTheBoundNamed() throws {
        let output = try Fleet.run(Fleet.worker, ["run", "--concurrency", "100000"], redis: nil)
        #expect(output.status != 0)
        #expect(output.stderr.contains("--concurrency") && output.stderr.contains("\(WorkerConfiguration.maxConcurrency)"))
    }

    @Test func concurrencyBeyondRedisMaxclientsIsRefusedBeforeOpeningConnections() throws {
        let server = try LocalRedisServer(options: .init(extraArguments: ["--maxclients", "20"]))
        defer { server.stop() }
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Fleet.run(Fleet.worker, ["run", "--db", directory.appendingPathComponent("w.db").path, "--concurrency", "50",
                                                  "--plan-model", "http://127.0.0.1:9/v1"], redis: server.url)
        #expect(output.status != 0)
        #expect(output.stderr.contains("maxclients"), "\(output.stderr)")
        #expect(output.stderr.contains("--concurrency"))
    }

    @Test(arguments: [
        (["wait", "b", "--timeout", "nan"], "--timeout"), (["wait", "b", "--timeout", "-1"], "--timeout"),
        (["submit", "x.jsonl", "--task-timeout", "1e300"], "--task-timeout"),
    ])
    func submitCommandsRefuseABadValueNamingTheFlag(arguments: [String], flag: String) throws {
        let output = try Fleet.run(Fleet.submit, arguments, redis: nil)
        #expect(output.status != 0)
        #expect(output.stderr.contains(flag), "\(output.stderr)")
    }
}

import Foundation
import Queue
import Scheduler
import Testing
import TestSupport

/// A consumer in another process, killed with SIGKILL while it holds a task.
///
/// The child is this test binary itself, started with `LUMOS_TEST_CHILD_CONSUMER` set so that
/// `childConsumerEntryPoint` acts as the consumer: it reserves a task, writes its lease token to
/// a file, and keeps heart-beating (a live, working consumer) until it is killed.
@Suite struct CrashTests {
    static let childVariable = "LUMOS_TEST_CHILD_CONSUMER"

    @Test func taskOfAConsumerKilledMidTaskIsCompletedByAnotherConsumer() throws {
        try withRedis(configuration: testQueueConfiguration(retryBase: 0.001, retryMax: 0.001)) { server, queue in
            try queue.submit(NewTask(id: "job", payload: jsonPayload(#"{"q":"?"}"#), maxAttempts: 3), to: "q", batchId: "b")
            let tokenFile = server.directory.appendingPathComponent("child-token").path
            let child = try Self.spawnSelf(environment: [Self.childVariable: "\(server.socketPath)|\(tokenFile)"])
            defer { kill(child, SIGKILL); var status: Int32 = 0; waitpid(child, &status, 0) }

            eventually(timeout: 60) { FileManager.default.fileExists(atPath: tokenFile) }
            let childToken = try String(contentsOfFile: tokenFile, encoding: .utf8)
            #expect(try queue.task(id: "job", in: "q")?.state == .running)
            // While the child lives and heart-beats, its lease (5 s) keeps being extended.
            letTimePass(2)
            #expect(try Scheduler(queue: queue, queues: ["q"]).tick().expiredRetried == 0)

            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            #expect(status & 0x7f == SIGKILL)

            // Nobody extends the lease now; once it runs out the scheduler hands the task on.
            var report = TickReport()
            try eventually(timeout: 60, every: 0.2) {
                report = try Scheduler(queue: queue, queues: ["q"]).tick()
                return report.expiredRetried > 0
            }
            #expect(report.expiredRetried == 1)
            _ = try Scheduler(queue: queue, queues: ["q"]).tick()
            let lease = try #require(try queue.reserve(from: "q", waitSeconds: 1).first)
            #expect(lease.taskId == "job")
            #expect(lease.attempt == 2)
            #expect(lease.token != childToken)
            try queue.complete(lease, event: jsonPayload(#"{"answer":42}"#))
            // The dead consumer's token can no longer change anything.
            let stale = Lease(task: lease.task, token: childToken, deadline: lease.deadline)
            let error = #expect(throws: QueueError.self) { try queue.complete(stale) }
            #expect(error?.code == .staleLease)
            let batch = try #require(try queue.batch("b", in: "q"))
            #expect(batch.done == 1)
            #expect(batch.isFinished)
        }
    }

    /// Not a test of its own: the body of the child consumer above. Does nothing unless the
    /// environment variable is set.
    @Test func childConsumerEntryPoint() throws {
        guard let spec = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let parts = spec.split(separator: "|").map(String.init)
        let queue = try TaskQueue(url: RedisURL(endpoint: .unix(path: parts[0])))
        guard let lease = try queue.reserve(from: "q", leaseSeconds: 5, waitSeconds: 5).first else { return }
        try lease.token.write(toFile: parts[1] + ".tmp", atomically: false, encoding: .utf8)
        _ = rename(parts[1] + ".tmp", parts[1])
        while true {
            _ = try queue.heartbeat(lease, leaseSeconds: 5)
            letTimePass(0.2)  // a heartbeat interval
        }
    }

    /// Starts this test binary again, running only the child entry point.
    private static func spawnSelf(environment extra: [String: String]) throws -> pid_t {
        let binary = CommandLine.arguments[0]
        let arguments = [binary, "--testing-library", "swift-testing", "--filter", "CrashTests/childConsumerEntryPoint"]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard status == 0 else { throw QueueError(.serverStart, "Could not start the child consumer (\(status)).") }
        return pid
    }
}

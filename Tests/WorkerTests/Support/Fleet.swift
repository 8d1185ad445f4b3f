import AgentCore
import Foundation
import Queue
import TestSupport
import Worker

/// Helpers for tests that drive the real `lumos-worker` and `lumos-submit` binaries.
enum Fleet {
    /// The build directory: the test bundle sits next to the executables (`.build/debug`).
    static var buildDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // The runner may be inside `<name>.xctest/…`; climb to the folder holding the executables.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("lumos-worker").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory
    }

    static var worker: String { buildDirectory.appendingPathComponent("lumos-worker").path }
    static var submit: String { buildDirectory.appendingPathComponent("lumos-submit").path }

    static var modelPath: String { TestData.gemmaModelPath ?? TestData.gemmaCachePath }
    static var hasModel: Bool { FileManager.default.isReadableFile(atPath: modelPath) }

    typealias Output = ChildProcess.Output

    /// Starts a binary with `LUMOS_REDIS_URL` set; stderr goes to `log` when given.
    static func spawn(_ path: String, _ arguments: [String], redis: RedisURL?, log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = redis.map(urlString) ?? nil
        environment["LUMOS_MODEL"] = modelPath
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        // A worker must not outlive a test process that was killed.
        OrphanGuard.attach(to: process)
        return process
    }

    /// Runs a binary to the end (killed after `timeout` seconds) and captures its output, through
    /// files rather than pipes (see `ChildProcess`).
    static func run(_ path: String, _ arguments: [String], redis: RedisURL?, input: Data? = nil, timeout: Double = 600) throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = redis.map(urlString) ?? nil
        return try ChildProcess.run(path, arguments, environment: environment, input: input, timeout: timeout)
    }

    static func urlString(_ url: RedisURL) -> String {
        switch url.endpoint {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "redis://\(host):\(port)"
        case .sentinel: url.description
        }
    }

    /// A drill's size from the environment (`ops/chaos`, `ops/failover` set them), else `fallback`.
    static func setting<T: LosslessStringConvertible>(_ name: String, _ fallback: T) -> T {
        ProcessInfo.processInfo.environment[name].flatMap(T.init) ?? fallback
    }

    /// Waits until `condition` holds or `seconds` pass; returns whether it held.
    static func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        try eventually(timeout: seconds, every: 0.1, condition)
    }

    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        waitUntil(seconds: seconds) { !process.isRunning }
    }

    /// A temporary directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-worker-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The first `count` problems of the repository's GSM8K test file (padded with made-up ones past its end).
    static func gsm8kFile(count: Int, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("gsm8k.jsonl")
        let text = try String(contentsOf: TestData.gsm8k, encoding: .utf8)
        var lines = text.split(separator: "\n").prefix(count).map(String.init)
        if lines.count < count {
            lines += (lines.count + 1...count).map { "{\"question\": \"What is \($0) plus 1?\", \"answer\": \"#### \($0 + 1)\"}" }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// A test's world: a temporary directory, a private redis-server, a queue client and the processes
/// the test spawned, all cleaned up when the scene goes away (a failed expectation never leaves a
/// worker running).
final class Scene {
    let directory: URL
    let server: LocalRedisServer
    let queue: TaskQueue
    private var processes: [Process] = []

    init() throws {
        directory = try Fleet.temporaryDirectory()
        server = try LocalRedisServer()
        queue = try TaskQueue(url: server.url)
    }

    var url: RedisURL { server.url }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts a binary against this scene's Redis, logging stderr to `log` in the scene's directory.
    func spawn(_ path: String, _ arguments: [String], log: String) throws -> Process {
        let process = try Fleet.spawn(path, arguments, redis: server.url, log: directory.appendingPathComponent(log))
        processes.append(process)
        return process
    }

    deinit {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        queue.close()
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

import Foundation
import Queue
import TestSupport

/// A console test's world: a temporary directory, a private redis-server, the real
/// `lumos-submit console` on a free port, and every process it started, killed when it ends.
final class ConsoleScene {
    let directory: URL
    let redis: LocalRedisServer
    let queue: TaskQueue
    let token = "test-token-" + UUID().uuidString
    private(set) var base = ""
    private var processes: [Process] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        redis = try LocalRedisServer()
        queue = try TaskQueue(url: redis.url)
    }

    deinit {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        queue.close()
        redis.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    var redisURL: String {
        switch redis.url.endpoint {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "redis://\(host):\(port)"
        case .sentinel: redis.url.description
        }
    }

    /// Starts a built executable with this scene's Redis and token; stdout to `log`.
    @discardableResult
    func spawn(_ name: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProduct.path(name))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = redisURL
        environment["LUMOS_CONSOLE_TOKEN"] = token
        environment["LUMOS_MODEL"] = TestData.gemmaModelPath
        process.environment = environment
        FileManager.default.createFile(atPath: path(log), contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(log)))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes.append(process)
        return process
    }

    /// Runs `lumos-submit` to the end and returns its exit status and output.
    func submit(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = "submit-\(UUID().uuidString).log"
        let process = try spawn("lumos-submit", arguments, log: log)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: path(log), encoding: .utf8)) ?? "")
    }

    /// Starts the console on a free port and waits for its address line.
    func startConsole(databases: [String]) throws {
        try spawn("lumos-submit", ["console", "--port", "0"] + databases.flatMap { ["--db", $0] }, log: "console.log")
        var log = ""
        let started = eventually(timeout: 60, every: 0.1) {
            log = (try? String(contentsOfFile: path("console.log"), encoding: .utf8)) ?? ""
            return log.contains("Lumos console on ")
        }
        guard started, let range = log.range(of: "Lumos console on ") else {
            throw WebDriver.DriverError("the console did not start: \(log)")
        }
        base = String(log[range.upperBound...].prefix(while: { !$0.isWhitespace }))
        if base.hasSuffix("/") { base.removeLast() }
    }
}

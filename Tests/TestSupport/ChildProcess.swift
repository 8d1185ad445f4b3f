import Foundation

/// A child process whose standard output and error go to temporary files, never to pipes.
///
/// Why files: the tests run in parallel in one process, and Foundation's `Process` on Linux
/// closes the parent's descriptors in a child by listing those open while it prepares the
/// spawn. A pipe another thread opens at that moment is inherited, and a long-lived child (a
/// worker, a sentinel, chromedriver) holding the writing end of another test's pipe keeps that
/// test's reader waiting for an end of file that never comes; it hung the failover drill's
/// submitter in CI. A file has no end of file to wait for: its text is read whenever it is
/// wanted, and `wait(timeout:)` bounds the wait for the exit itself.
public final class ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// True when the child was still running at the deadline and was killed.
        public var timedOut: Bool
    }

    public let process: Process
    private let directory: URL

    /// Starts `executable`; `input` (when given) is its standard input, else /dev/null.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                input: Data? = nil, currentDirectory: URL? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        for name in ["stdout", "stderr"] { _ = FileManager.default.createFile(atPath: file(name).path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: file("stdout"))
        process.standardError = try FileHandle(forWritingTo: file("stderr"))
        if let input {
            try input.write(to: file("stdin"))
            process.standardInput = try FileHandle(forReadingFrom: file("stdin"))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        do { try process.run() } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// What the child has written so far.
    public var stdout: String { text("stdout") }
    public var stderr: String { text("stderr") }

    /// Waits for the child to exit; after `timeout` seconds it is killed and the output says so.
    public func wait(timeout: Double) -> Output {
        let exited = eventually(timeout: timeout, every: 0.02) { !process.isRunning }
        if !exited {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var stderr = self.stderr
        if !exited { stderr += "\n[killed: still running after \(timeout) s]\n" }
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: !exited)
    }

    /// Runs `executable` to the end (at most `timeout` seconds) and returns its output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: Data? = nil, currentDirectory: URL? = nil, timeout: Double = 600) throws -> Output {
        try ChildProcess(executable, arguments, environment: environment, input: input, currentDirectory: currentDirectory)
            .wait(timeout: timeout)
    }

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    private func text(_ name: String) -> String {
        String(decoding: (try? Data(contentsOf: file(name))) ?? Data(), as: UTF8.self)
    }
}

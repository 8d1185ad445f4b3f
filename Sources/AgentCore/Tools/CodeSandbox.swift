import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the Python of a `Code` action, and only in a subprocess it cannot escape:
/// an empty environment (`env -i`), CPU-time and address-space limits (`prlimit`), a wall-clock
/// deadline, a cap on the output, and no network (a fresh network namespace from `unshare -n`).
///
/// Without every one of those pieces on this machine the sandbox refuses to exist, so `Code`
/// never runs with fewer guarantees than promised.
public struct CodeSandbox: Sendable {
    public struct Limits: Sendable, Hashable {
        public var cpuSeconds: Int
        public var wallSeconds: Double
        public var memoryBytes: Int
        public var outputBytes: Int

        public init(cpuSeconds: Int = 5, wallSeconds: Double = 10, memoryBytes: Int = 512 << 20, outputBytes: Int = 64 << 10) {
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
            self.memoryBytes = memoryBytes
            self.outputBytes = outputBytes
        }
    }

    public struct Output: Sendable, Hashable {
        public var standardOutput: String
        public var standardError: String
        /// The exit status, or 128 + the signal that ended the process.
        public var status: Int32
        /// The process was killed: it ran past its CPU or wall-clock limit.
        public var killedByLimit: Bool
    }

    public let limits: Limits
    let python: String
    let unshare: String
    let prlimit: String

    /// Checks that the machine can isolate the code; throws a `CodeSandboxError` that says what is missing.
    public init(limits: Limits = Limits()) throws(CodeSandboxError) {
        func find(_ name: String) -> String? {
            ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"].first { access($0, X_OK) == 0 }
        }
        guard let python = find("python3") else {
            throw CodeSandboxError(.unavailable, "Code actions need /usr/bin/python3; install it or leave Code disabled.")
        }
        guard let unshare = find("unshare"), let prlimit = find("prlimit") else {
            throw CodeSandboxError(.unavailable, "Code actions need unshare and prlimit (util-linux) to cut the network and limit CPU and memory; install util-linux or leave Code disabled.")
        }
        guard geteuid() == 0 else {
            throw CodeSandboxError(.unavailable, "Code actions run only without network, which needs unshare -n as root; run the worker as root in its container or leave Code disabled.")
        }
        self.limits = limits
        self.python = python
        self.unshare = unshare
        self.prlimit = prlimit
        let probe = run("print(1)")
        guard probe.status == 0, probe.standardOutput == "1\n" else {
            throw CodeSandboxError(.unavailable, "The Code sandbox could not start (unshare -n failed: \(probe.standardError.prefix(200))); the container may lack CAP_SYS_ADMIN. Leave Code disabled.")
        }
    }

    private static let launchLock = NSLock()

    /// Runs `code` with `python3 -I -c`; never throws: failures are in the returned status and standard error.
    public func run(_ code: String) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unshare)
        process.arguments = [
            "-n", "--", prlimit, "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--nproc=64", "--",
            "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", python, "-I", "-S", "-c", code,
        ]
        process.environment = [:]
        process.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
        process.standardInput = FileHandle.nullDevice
        // Foundation closes a child's inherited descriptors by listing the ones open while it
        // prepares the spawn: two sessions starting sandboxes at once could hand one another
        // their pipes, and one would wait for the other's end of file. The pipes are made and the
        // child started under one lock.
        let stdout: Pipe, stderr: Pipe
        do {
            (stdout, stderr) = try Self.launchLock.withLock {
                let pipes = (Pipe(), Pipe())
                process.standardOutput = pipes.0
                process.standardError = pipes.1
                try process.run()
                return pipes
            }
        } catch {
            return Output(standardOutput: "", standardError: "cannot start the sandbox: \(error)", status: 127, killedByLimit: false)
        }
        let pid = process.processIdentifier
        let deadlineHit = DeadlineFlag()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + limits.wallSeconds)
        timer.setEventHandler {
            deadlineHit.set()
            kill(pid, SIGKILL)
        }
        timer.resume()
        let cap = limits.outputBytes
        let group = DispatchGroup()
        let outBox = DataBox(), errBox = DataBox()
        for (pipe, box) in [(stdout, outBox), (stderr, errBox)] {
            group.enter()
            Thread.detachNewThread {
                box.store(Self.readCapped(pipe.fileHandleForReading, cap: cap))
                group.leave()
            }
        }
        process.waitUntilExit()
        timer.cancel()
        group.wait()
        let signalled = process.terminationReason == .uncaughtSignal
        let status = signalled ? 128 + process.terminationStatus : process.terminationStatus
        // prlimit's CPU limit ends python with SIGXCPU (or SIGKILL at the hard limit).
        let cpuKilled = signalled && (process.terminationStatus == SIGXCPU || process.terminationStatus == SIGKILL)
            || status == 128 + SIGXCPU || status == 128 + SIGKILL
        return Output(
            standardOutput: String(decoding: outBox.data, as: UTF8.self),
            standardError: String(decoding: errBox.data, as: UTF8.self),
            status: status, killedByLimit: deadlineHit.isSet || cpuKilled)
    }

    /// Reads to the end, keeping at most `cap` bytes (the rest is drained so the child never blocks on a full pipe).
    private static func readCapped(_ handle: FileHandle, cap: Int) -> Data {
        var kept = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if kept.count < cap { kept.append(chunk.prefix(cap - kept.count)) }
        }
        return kept
    }
}

/// Set from the timer thread, read after the process exits; the lock makes that handoff safe.
private final class DeadlineFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Written by one reader thread, read after `DispatchGroup.wait`; the lock orders the two.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    func store(_ data: Data) { lock.withLock { stored = data } }
    var data: Data { lock.withLock { stored } }
}

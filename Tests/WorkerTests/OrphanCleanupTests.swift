import Foundation
import Queue
import TestSupport
import Testing

/// What a process starts must not outlive it, however it ends: `lumos-submit demo` killed with
/// SIGKILL (no chance to clean up) takes its private redis-server and its workers with it. Test
/// fixtures use the same guard (LocalRedisServer, SentinelProcess, Fleet.spawn).
@Suite struct OrphanCleanupTests {
    @Test func aDemoKilledWithSIGKILLLeavesNoRedisServerOrWorkerBehind() throws {
        _ = try TestData.gemmaModel()
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("demo")
        let demo = Process()
        demo.executableURL = URL(fileURLWithPath: Fleet.submit)
        demo.arguments = ["demo", "--tasks", "40", "--workers", "1", "--threads", "1", "--out", out.path]
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_REDIS_URL"] = nil
        environment["LUMOS_MODEL"] = Fleet.modelPath
        demo.environment = environment
        demo.standardOutput = FileHandle.nullDevice
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        defer { if demo.isRunning { kill(demo.processIdentifier, SIGKILL); demo.waitUntilExit() } }

        // The demo's own children: its private redis-server and its worker.
        var redis: [Int32] = [], workers: [Int32] = []
        #expect(Fleet.waitUntil(seconds: 60) {
            let children = Self.processes { $0.parent == demo.processIdentifier }
            redis = children.filter { $0.command.hasPrefix("redis-server") || $0.command.contains("/redis-server") }.map(\.pid)
            workers = children.filter { $0.command.contains("lumos-worker") }.map(\.pid)
            return redis.count == 1 && workers.count == 1
        }, "the demo did not start its redis-server and one worker")
        // Once the worker is running a task (it would retry a lost Redis for ever, not exit).
        let socket = Self.processes { redis.contains($0.pid) }.first?.command.components(separatedBy: "unixsocket:").last?
            .split(separator: " ").first.map(String.init)
        let queue = try TaskQueue(url: RedisURL(endpoint: .unix(path: try #require(socket))))
        #expect(Fleet.waitUntil(seconds: 120) { (try? queue.liveWorkers().first?.running.isEmpty == false) == true },
                "the demo's worker did not start a task")
        queue.close()
        #expect(redis.allSatisfy(Self.isAlive) && workers.allSatisfy(Self.isAlive))

        kill(demo.processIdentifier, SIGKILL)
        demo.waitUntilExit()
        #expect(Fleet.waitUntil(seconds: 15) { !redis.contains(where: Self.isAlive) }, "the demo's redis-server outlived it")
        #expect(Fleet.waitUntil(seconds: 15) { !workers.contains(where: Self.isAlive) }, "the demo's worker outlived it")
    }

    /// Running and not a zombie (an orphan killed in a container may wait for a reaper).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Every process: its pid, parent pid and command line (arguments joined by spaces).
    static func processes(_ matches: ((pid: Int32, parent: Int32, command: String)) -> Bool) -> [(pid: Int32, parent: Int32, command: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid -> (pid: Int32, parent: Int32, command: String)? in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("PPid:") }),
                  let parent = Int32(line.dropFirst("PPid:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return (pid, parent, String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " "))
        }.filter(matches)
    }
}

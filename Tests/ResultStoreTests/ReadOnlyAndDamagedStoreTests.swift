import AgentCore
import Foundation
import Testing
@testable import ResultStore

/// Stores that are only read open read-only (even where no -shm file can be created); a damaged
/// file is refused before it is mined; a failed aggregate leaves nothing behind.
@Suite struct ReadOnlyAndDamagedStoreTests {
    private func store(_ path: String, tasks: Int) throws {
        let store = try TrajectoryStore.open(path: path)
        for index in 0..<tasks { try store.write(Fixtures.trajectory("t\(index)"), workerID: "w") }
        store.close()
    }

    /// Makes `directory` unwritable for everyone, root included (the tests run as root, for whom
    /// mode bits do not count): the immutable attribute where the file system has it, else 0555.
    private func makeReadOnly(_ directory: URL) -> () -> Void {
        if run("/usr/bin/chattr", ["+i", directory.path]) {
            return { _ = run("/usr/bin/chattr", ["-i", directory.path]) }
        }
        chmod(directory.path, 0o555)
        return { chmod(directory.path, 0o755) }
    }

    private func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func aDatabaseInAReadOnlyDirectoryCanBeReportedMinedAndAggregated() throws {
        let scratch = try Scratch()
        let shelf = scratch.directory.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        let path = shelf.appendingPathComponent("results.db").path
        try store(path, tasks: 3)
        let undo = makeReadOnly(shelf)
        defer { undo() }
        #expect(!FileManager.default.isWritableFile(atPath: shelf.path) || access(shelf.path, W_OK) != 0)

        let readOnly = try TrajectoryStore.open(path: path, readOnly: true)
        let report = try Report.build(from: readOnly)
        #expect(report.renderText().contains("3"))
        let mined = try AnnotationMiner.mine(store: readOnly, into: scratch.path("mined"))
        #expect(mined.tasks == 3)
        readOnly.close()
        let summary = try Aggregator.merge(inputs: [path], into: scratch.path("all.db"))
        #expect(summary.tasks == 3)
        // Nothing was created beside the read-only file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: shelf.path) == ["results.db"])
    }

    @Test func aFailedAggregateLeavesNoOutputFile() throws {
        let scratch = try Scratch()
        try store(scratch.path("good.db"), tasks: 2)
        try Data(String(repeating: "junk ", count: 500).utf8).write(to: URL(fileURLWithPath: scratch.path("corrupt.db")))
        let output = scratch.path("new.db")
        let mixed = #expect(throws: StoreError.self) {
            try Aggregator.merge(inputs: [scratch.path("good.db"), scratch.path("corrupt.db")], into: output)
        }
        #expect(mixed?.message.contains("corrupt.db") == true)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(throws: StoreError.self) { try Aggregator.merge(inputs: [scratch.path("corrupt.db")], into: output) }
        #expect(!FileManager.default.fileExists(atPath: output))
        // No temporary file either (the inputs' own -wal/-shm files may be there).
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path)
        #expect(left.filter { $0.hasPrefix("new.db") }.isEmpty, "\(left)")
    }

    @Test func aFailedAggregateLeavesAnExistingOutputAsItWas() throws {
        let scratch = try Scratch()
        try store(scratch.path("good.db"), tasks: 2)
        let output = scratch.path("all.db")
        _ = try Aggregator.merge(inputs: [scratch.path("good.db")], into: output)
        let before = try Data(contentsOf: URL(fileURLWithPath: output))
        try store(scratch.path("more.db"), tasks: 5)
        try damage(scratch.path("damaged.db"))
        #expect(throws: StoreError.self) {
            try Aggregator.merge(inputs: [scratch.path("more.db"), scratch.path("damaged.db")], into: output)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == before)
        #expect(try TrajectoryStore.open(path: output, readOnly: true).counts().tasks == 2)
    }

    /// A results file whose header and schema are intact but whose later pages are garbage:
    /// it opens, yet `PRAGMA quick_check` fails.
    private func damage(_ path: String) throws {
        try store(path, tasks: 300)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let pageSize: UInt64 = 4096
        var page: UInt64 = 3
        while page * pageSize < size {
            try handle.seek(toOffset: page * pageSize)
            handle.write(Data(repeating: 0xEE, count: 64))
            page += 2
        }
    }

    @Test func mineRefusesADatabaseThatFailsQuickCheck() throws {
        let scratch = try Scratch()
        let path = scratch.path("damaged.db")
        try damage(path)
        let store = try TrajectoryStore.open(path: path, readOnly: true)
        defer { store.close() }
        let error = #expect(throws: StoreError.self) { try AnnotationMiner.mine(store: store, into: scratch.path("out")) }
        #expect(error?.code == .notADatabase)
        #expect(error?.message.contains("damaged") == true)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }
}

import AgentCore
import Foundation
import Testing
import TestSupport

/// The `lumos-worker` binary as users run it: `execute` and `run-task`, their output and exit status.
@Suite struct CommandLineTests {
    struct Output {
        var status: Int32
        var crashed: Bool
        var stdout: String
        var stderr: String
    }

    static let worker = BuiltProduct.path("lumos-worker")
    static var modelPath: String { TestData.gemmaModelPath ?? TestData.gemmaCachePath }

    /// Runs `lumos-worker` to completion; output goes through files so a large trajectory cannot
    /// fill a pipe and stall the child.
    func run(_ arguments: [String]) throws -> Output {
        try #require(FileManager.default.isExecutableFile(atPath: Self.worker),
                     "lumos-worker is not built at \(Self.worker): run `swift build --build-tests` first")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.worker)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
            stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test func executeJSONPrintsEachVariable() throws {
        let output = try run(["execute", "--domain", "maths", "--json", "R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try jsonObject(output.stdout)
        #expect(object["variables"] as? [String: String] == ["R1": "9", "R2": "18"])
        #expect((object["errors"] as? [Any])?.isEmpty == true)
    }

    @Test func executeListsAMalformedActionAndExitsWithStatus1() throws {
        let line = "R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2"
        let json = try run(["execute", "--domain", "maths", "--json", line])
        #expect(json.status == 1 && !json.crashed)
        let object = try jsonObject(json.stdout)
        #expect(object["variables"] as? [String: String] == ["R1": "9"])
        let errors = try #require(object["errors"] as? [[String: String]])
        #expect(errors.count == 1)
        #expect(errors.first?["action"] == "R2 = Calculator(R1 * 2")
        #expect(errors.first?["error"]?.contains("parentheses") == true)

        let text = try run(["execute", "--domain", "maths", line])
        #expect(text.status == 1 && !text.crashed)
        #expect(text.stdout == "R1 = 9\n")
        #expect(text.stderr.contains("error: R2 = Calculator(R1 * 2: "))
    }

    @Test func runTaskWithACorruptModelFileNamesTheFileAndFails() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corrupt = directory.appendingPathComponent("corrupt.gguf")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: corrupt)
        let output = try run(["run-task", "--domain", "maths", "--question", "What is 2 plus 3?", "--plan-model", corrupt.path])
        #expect(output.status != 0 && !output.crashed)
        #expect(output.stderr.contains(corrupt.path), "\(output.stderr)")
        #expect(output.stderr.contains("GGUF"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func runTaskWithTheBundledModelPrintsTheScoredTrajectory() throws {
        _ = try TestData.gemmaModel()
        let output = try run(["run-task", "--domain", "maths", "--formulation", "onetime",
                              "--question", "What is 2 plus 3?", "--answer", "5", "--plan-model", Self.modelPath])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try jsonObject(output.stdout)
        #expect(object.keys.contains("final_answer"))
        #expect(object["gold_answer"] as? String == "5")
        #expect(object["correct"] is Bool)
        #expect((object["model_calls"] as? [Any])?.count == 2)
    }

    /// `bench -d N` fills the cache with N tokens before measuring, and says so in its JSON; a
    /// negative depth is refused before any model is loaded.
    @Test func benchWithDepthReportsItAndRefusesANegativeDepth() throws {
        let tiny = TestData.tinyModelPath("Q8_0")
        try #require(FileManager.default.isReadableFile(atPath: tiny), "the golden tiny LLaMA is missing at \(tiny)")
        let output = try run(["bench", "--model", tiny, "-p", "8", "-n", "4", "-d", "16", "-r", "1", "--threads", "1", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try jsonObject(output.stdout)
        #expect(object["n_depth"] as? Int == 16)
        #expect((object["pp_tokens_per_s"] as? Double ?? 0) > 0 && (object["tg_tokens_per_s"] as? Double ?? 0) > 0)
        let refused = try run(["bench", "--model", tiny, "-d=-1"])
        #expect(refused.status != 0 && !refused.crashed && refused.stderr.contains("must not be negative"), "\(refused.stderr)")
    }
}

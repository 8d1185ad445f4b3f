import Foundation
import Testing
import TestSupport

/// The memory budget, in a real `lumos-worker generate` process: peak RSS at most the model
/// file plus the KV cache plus 64 MiB, with a prompt of about 1,800 tokens (the size of a few-shot
/// Lumos prompt), as the process itself measures it (ru_maxrss).
struct MemoryBudgetTests {
    /// Sanitizer builds (ops/sanitize sets these) add shadow memory and redzones to every process.
    static var underSanitizer: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["ASAN_OPTIONS"] != nil || env["TSAN_OPTIONS"] != nil
    }

    @Test(.disabled(if: underSanitizer, "sanitizer builds use more memory by design"))
    func generatePeakResidentSetStaysWithinFilePlusCachePlus64MiB() throws {
        let model = try TestData.gemmaModel()
        let worker = BuiltProduct.path("lumos-worker")
        try #require(FileManager.default.isExecutableFile(atPath: worker), "lumos-worker is not built at \(worker): run `swift build --build-tests` first")
        let text = try String(contentsOfFile: "\(Golden.root)/gemma/ppl.txt", encoding: .utf8)
        let prompt = String(text.prefix(7000))

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-rss-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: worker)
        process.arguments = ["generate", "--model", model, "--prompt", prompt, "-n", "8", "--json"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let peak = try #require(object["peak_rss_bytes"] as? Int)
        let cache = try #require(object["kv_cache_bytes"] as? Int)
        let file = try #require(object["model_file_bytes"] as? Int)
        let promptTokens = try #require(object["prompt_tokens"] as? Int)
        #expect(promptTokens > 1500)
        let mib = Double(1 << 20)
        #expect(peak <= file + cache + 64 << 20,
                "peak RSS \(Double(peak) / mib) MiB > file \(Double(file) / mib) + cache \(Double(cache) / mib) + 64 MiB")
    }
}

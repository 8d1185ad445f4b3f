import ArgumentParser
import Engine
import Foundation
import LumosCLI

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a continuation of a prompt."
    )

    @OptionGroup var engine: EngineOptions

    @Option(help: "The prompt (BOS added when the model asks for it; special tokens parsed).")
    var prompt: String

    @Option(name: .short, help: "Maximum new tokens.")
    var n = 128

    @Option(help: "Temperature; 0 is greedy.")
    var temp: Float = 0

    @Option(help: "Top-k (0 disables).")
    var topK = 40

    @Option(help: "Top-p (1 disables).")
    var topP: Float = 0.95

    @Option(help: "Min-p (0 disables).")
    var minP: Float = 0.05

    @Option(help: "Repetition penalty over the last 64 tokens (1 disables).")
    var repeatPenalty: Float = 1

    @Option(help: "Random seed for sampling.")
    var seed: UInt64 = 0

    @Option(help: "Stop when the text contains this string (repeatable).")
    var stop: [String] = []

    @Flag(help: "Print one JSON object with tokens, text and timings instead of streaming text.")
    var json = false

    func validate() throws {
        try FlagCheck.within(n, 1...1_000_000, flag: "-n")
        try FlagCheck.within(temp, 0...100, flag: "--temp")
        try FlagCheck.atLeast(topK, 0, flag: "--top-k")
        try FlagCheck.within(topP, 0...1, flag: "--top-p")
        try FlagCheck.within(minP, 0...1, flag: "--min-p")
        try FlagCheck.within(repeatPenalty, 0.01...100, flag: "--repeat-penalty")
    }

    func run() throws {
        let model = try engine.loadModel()
        let options = GenerationOptions(
            maxNewTokens: n,
            sampling: SamplingParameters(temperature: temp, topK: topK, topP: topP, minP: minP, repetitionPenalty: repeatPenalty, seed: seed),
            stopStrings: stop)
        let context = model.makeContext()
        let result = try context.generate(prompt, options: options, onText: json ? nil : { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        })
        if json {
            let object: [String: Any] = [
                "tokens": result.tokens.map { Int($0) }, "text": result.text, "finish_reason": result.finishReason.rawValue,
                "prompt_tokens": result.promptTokens, "prompt_seconds": result.promptSeconds,
                "generation_seconds": result.generationSeconds,
                // The memory budget's parts: the peak resident set against the model file and the cache.
                "peak_rss_bytes": Self.peakResidentBytes(), "kv_cache_bytes": context.cacheBytes,
                "model_file_bytes": model.file.mappedSize, "interleaved_matrices": model.interleavedMatrices,
            ]
            print(try CommandJSON.render(object: object))
        } else {
            print("")
        }
    }

    /// The high-water mark of this process's resident set: VmHWM of its own address space. Not
    /// ru_maxrss, which Linux keeps across execve, so a child forked from a big parent would report
    /// the parent's size.
    static func peakResidentBytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") {
            return kib * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}

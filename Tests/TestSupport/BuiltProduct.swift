import Foundation

/// The package's executables as this build made them, for tests that run them the way users do.
/// The test runner sits in the same product folder (`.build/<triple>/debug`), perhaps inside a
/// bundle, so the folder is found by climbing from the running executable.
public enum BuiltProduct {
    /// The path of the executable `name` (e.g. `lumos-worker`). When no folder above the test
    /// runner holds it, the repository's `.build/debug/<name>`, which may not exist yet: callers
    /// check it and say to run `swift build --build-tests` first.
    public static func path(_ name: String) -> String {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        // Tests/TestSupport/BuiltProduct.swift → the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug").appendingPathComponent(name).path
    }
}

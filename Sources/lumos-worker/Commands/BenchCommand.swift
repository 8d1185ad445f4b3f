import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prompt-processing and generation speed (like llama-bench)."
    )

    func run() throws {
        throw ValidationError("'bench' is not built yet.")
    }
}

import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure bulk submit and no-op processing rates against redis-benchmark."
    )

    func run() throws {
        throw ValidationError("'bench' is not built yet.")
    }
}

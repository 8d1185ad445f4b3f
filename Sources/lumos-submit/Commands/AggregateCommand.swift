import ArgumentParser

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Merge worker databases, one result per task."
    )

    func run() throws {
        throw ValidationError("'aggregate' is not built yet.")
    }
}

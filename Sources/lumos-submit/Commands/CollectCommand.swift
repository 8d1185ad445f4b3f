import ArgumentParser

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Gather published results into a central SQLite file."
    )

    func run() throws {
        throw ValidationError("'collect' is not built yet.")
    }
}

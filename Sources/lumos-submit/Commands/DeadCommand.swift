import ArgumentParser

struct DeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead",
        abstract: "List, requeue or purge dead-lettered tasks."
    )

    func run() throws {
        throw ValidationError("'dead' is not built yet.")
    }
}

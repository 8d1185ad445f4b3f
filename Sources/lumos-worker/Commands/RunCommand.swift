import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Reserve tasks from the queue and run them (the default)."
    )

    func run() throws {
        throw ValidationError("'run' is not built yet.")
    }
}

import ArgumentParser

struct RunTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-task",
        abstract: "Run one agent task and print its trajectory as JSON."
    )

    func run() throws {
        throw ValidationError("'run-task' is not built yet.")
    }
}

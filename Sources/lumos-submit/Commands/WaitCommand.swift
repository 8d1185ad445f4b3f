import ArgumentParser

struct WaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for a batch to finish, with a progress bar."
    )

    func run() throws {
        throw ValidationError("'wait' is not built yet.")
    }
}

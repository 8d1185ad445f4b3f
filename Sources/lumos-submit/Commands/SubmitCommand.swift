import ArgumentParser

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a task file as one batch."
    )

    func run() throws {
        throw ValidationError("'submit' is not built yet.")
    }
}

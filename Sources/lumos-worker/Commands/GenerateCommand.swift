import ArgumentParser

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a continuation of a prompt."
    )

    func run() throws {
        throw ValidationError("'generate' is not built yet.")
    }
}

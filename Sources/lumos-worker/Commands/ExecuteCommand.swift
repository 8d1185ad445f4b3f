import ArgumentParser

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Execute an action line with the tools and print each variable."
    )

    func run() throws {
        throw ValidationError("'execute' is not built yet.")
    }
}

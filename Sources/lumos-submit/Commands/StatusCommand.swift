import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show queue and batch counts and the live workers."
    )

    func run() throws {
        throw ValidationError("'status' is not built yet.")
    }
}

import ArgumentParser

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a GSM8K sample end to end on one machine."
    )

    func run() throws {
        throw ValidationError("'demo' is not built yet.")
    }
}

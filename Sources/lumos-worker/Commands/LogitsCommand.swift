import ArgumentParser

struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Write the logits at the last prompt position as little-endian float32."
    )

    func run() throws {
        throw ValidationError("'logits' is not built yet.")
    }
}

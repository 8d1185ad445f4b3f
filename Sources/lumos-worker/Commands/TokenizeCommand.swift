import ArgumentParser

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print a prompt's token ids as a JSON array."
    )

    func run() throws {
        throw ValidationError("'tokenize' is not built yet.")
    }
}

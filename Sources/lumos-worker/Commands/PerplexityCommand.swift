import ArgumentParser

struct PerplexityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Compute perplexity over a text file the way llama-perplexity does."
    )

    func run() throws {
        throw ValidationError("'perplexity' is not built yet.")
    }
}

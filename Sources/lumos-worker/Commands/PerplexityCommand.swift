import ArgumentParser
import Engine
import Foundation
import LumosCLI

struct PerplexityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Compute perplexity over a text file the way llama-perplexity does."
    )

    @OptionGroup var engine: EngineOptions

    @Option(help: "Text file to score.")
    var file: String

    @Option(help: "Tokens per chunk; the second half of each chunk is scored.")
    var ctx = 512

    @Option(help: "Score at most this many chunks.")
    var chunks: Int?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read --file \(file).")
        }
        let model = try engine.loadModel()
        let result: Perplexity.Result
        do {
            result = try Perplexity.compute(
                model: model, text: String(decoding: data, as: UTF8.self), contextLength: ctx, maxChunks: chunks)
        } catch {
            throw ValidationError("\(error) (--ctx \(ctx))")
        }
        print("chunks = \(result.chunks), scored tokens = \(result.scoredTokens)")
        print(String(format: "PPL = %.4f", result.perplexity))
    }
}

import ArgumentParser
import Engine
import LumosCLI

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print a prompt's token ids as a JSON array.",
        discussion: """
            BOS is included when the model asks for it, and special tokens written in the prompt \
            (such as <start_of_turn>) become their ids, as llama.cpp's llama_tokenize does with \
            add_special and parse_special.
            """
    )

    @Option(help: "GGUF model file (default: \(Setting.model.name), then the bundled Gemma 3 270M).")
    var model: String?

    @Option(help: "The text to tokenize.")
    var prompt: String

    @Flag(help: "Do not add BOS even when the model asks for it.")
    var noBOS = false

    @Flag(help: "Treat special-token text such as <start_of_turn> as plain text.")
    var noParseSpecial = false

    func run() throws {
        let path = try model ?? BundledModel.path()
        let tokenizer = try Tokenizer(gguf: GGUFFile(path: path))
        let ids = tokenizer.encode(prompt, addBOS: tokenizer.addBOSByDefault && !noBOS, parseSpecial: !noParseSpecial)
        print("[" + ids.map(String.init).joined(separator: ", ") + "]")
    }
}

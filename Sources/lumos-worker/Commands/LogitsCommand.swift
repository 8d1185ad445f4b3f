import ArgumentParser
import Engine
import Foundation
import LumosCLI

struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Write the logits at the last prompt position as little-endian float32."
    )

    @OptionGroup var engine: EngineOptions

    @Option(help: "The prompt (BOS added when the model asks for it; special tokens parsed).")
    var prompt: String

    @Option(help: "Output file.")
    var out: String

    func run() throws {
        let model = try engine.loadModel()
        let tokens = model.tokenize(prompt)
        let logits = try model.makeContext(maxContext: tokens.count + 1).append(tokens)
        let data = logits.withUnsafeBufferPointer { buffer in
            Data(buffer: UnsafeBufferPointer(start: buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, count: buffer.count * 4))
        }
        // Float is little-endian on every platform Swift runs this engine on (x86-64, arm64).
        guard FileManager.default.createFile(atPath: out, contents: data) else {
            throw ValidationError("cannot write --out \(out).")
        }
    }
}

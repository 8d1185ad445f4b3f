import ArgumentParser
import Engine

/// Options shared by the engine commands: which model and how many threads.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "GGUF model file (default: the bundled Gemma 3 270M).")
    var model: String?

    @Option(name: .long, help: "Worker threads (default: the cores this process may use).")
    var threads: Int?

    func loadModel() throws -> Model {
        let path = try model ?? BundledModel.path()
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        return try Model(path: path, threads: threads)
    }
}

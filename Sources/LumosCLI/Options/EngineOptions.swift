import ArgumentParser
import Engine

/// Options shared by the engine commands: which model and how many threads.
public struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "GGUF model file (default: LUMOS_MODEL, then the bundled Gemma 3 270M).")
    public var model: String?

    @Option(name: .long, help: "Worker threads (default: the cores this process may use).")
    public var threads: Int?

    public init() {}

    public func validate() throws {
        try FlagCheck.atLeast(threads, 1, flag: "--threads")
    }

    /// `--model`, else the bundled model.
    public func modelPath() throws -> String {
        if let model { return model }
        do {
            return try BundledModel.path()
        } catch let error as BundledModel.NotFound {
            throw CommandFailure(error.message)
        }
    }

    public func loadModel() throws -> Model {
        try Model(path: modelPath(), threads: threads)
    }
}

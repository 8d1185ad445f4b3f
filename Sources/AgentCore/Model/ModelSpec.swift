import LumosBase

/// What `--plan-model` / `--ground-model` name: a GGUF file for the built-in engine, or an
/// OpenAI-compatible endpoint (`http(s)://…/v1`, optionally ending in `/completions` or
/// `/chat/completions` to pick the API).
public struct ModelSpec: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case gguf(path: String)
        case http(baseURL: String, api: OpenAICompletionModel.API)
    }

    public var source: Source
    /// The server's model id (`--plan-model-name`), where the server needs one.
    public var name: String?
    public var profile: ModelProfile

    public init(source: Source, name: String? = nil, profile: ModelProfile) {
        self.source = source
        self.name = name
        self.profile = profile
    }

    /// - Parameter profile: nil picks `lumos` for anything named like a Lumos checkpoint and
    ///   `fewshot` otherwise.
    public init(parsing value: String, name: String? = nil, profile: ModelProfile? = nil) throws(ModelSpecError) {
        let text = value.pythonStripped
        guard !text.isEmpty else { throw ModelSpecError("A model must be a GGUF path or an http(s)://…/v1 URL; got an empty value.") }
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            var base = text
            while base.hasSuffix("/") { base.removeLast() }
            var api = OpenAICompletionModel.API.completions
            if base.hasSuffix("/chat/completions") {
                base.removeLast("/chat/completions".count)
                api = .chat
            } else if base.hasSuffix("/completions") {
                base.removeLast("/completions".count)
            }
            source = .http(baseURL: base, api: api)
        } else if lower.contains("://") {
            throw ModelSpecError("\(text.debugDescription) uses a scheme other than http or https.")
        } else {
            source = .gguf(path: text)
        }
        self.name = name
        let named = (text + " " + (name ?? "")).lowercased()
        self.profile = profile ?? (named.contains("lumos") ? .lumos : .fewshot)
    }
}

public struct ModelSpecError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        /// The value names no usable model (empty, another scheme).
        case invalidSpec = "invalid_spec"
        /// The file is missing, unreadable or not a model the engine can load.
        case modelUnavailable = "model_unavailable"
    }

    public var code: Code
    public var message: String
    public init(_ message: String, code: Code = .invalidSpec) {
        self.code = code
        self.message = message
    }
}

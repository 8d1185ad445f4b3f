/// Names the model behind a call precisely enough to reproduce it.
public struct ModelIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Backend: String, Sendable, Hashable, Codable {
        case engine     // the built-in CPU engine with a GGUF file
        case http       // an OpenAI-compatible endpoint
        case scripted   // unit tests only
    }

    public var backend: Backend
    /// GGUF path or endpoint URL.
    public var location: String
    /// Model name (GGUF `general.name`, or the server's model id).
    public var name: String
    /// A content fingerprint when one is cheap to get (GGUF size + header hash), else nil.
    public var fingerprint: String?
    /// The prompt profile: `lumos` for released checkpoints, `fewshot` for base models.
    public var profile: String

    public init(backend: Backend, location: String, name: String, fingerprint: String? = nil, profile: String = "lumos") {
        self.backend = backend
        self.location = location
        self.name = name
        self.fingerprint = fingerprint
        self.profile = profile
    }

    public var description: String { "\(backend.rawValue):\(name)" }
}

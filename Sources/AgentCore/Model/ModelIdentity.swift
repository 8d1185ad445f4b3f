/// Names the model behind a call precisely enough to reproduce it.
public struct ModelIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What answered the call. A name rather than a closed enum, so stored rows with a backend this
    /// build does not know (a newer build's, or a test double's) still decode.
    public struct Backend: RawRepresentable, Sendable, Hashable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// The built-in CPU engine with a GGUF file.
        public static let engine = Backend(rawValue: "engine")
        /// An OpenAI-compatible endpoint.
        public static let http = Backend(rawValue: "http")
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

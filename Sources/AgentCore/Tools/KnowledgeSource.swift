/// Where `KnowledgeQuery` looks things up: a MediaWiki API over HTTP, or an offline SQLite FTS5
/// knowledge base (implemented in ResultStore, so AgentCore stays free of SQLite).
public protocol KnowledgeSource: Sendable {
    /// Up to `limit` documents for a query, best first. Throws on infrastructure failure
    /// (the action is then recorded as a tool error).
    func search(_ query: String, limit: Int) throws -> [KnowledgeDocument]
}

public struct KnowledgeDocument: Sendable, Hashable, Codable {
    public var title: String
    /// Plain text, split into paragraphs by blank lines.
    public var text: String

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

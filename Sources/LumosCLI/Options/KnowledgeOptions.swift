import AgentCore
import ArgumentParser
import ResultStore

/// Where KnowledgeQuery looks things up: an offline FTS5 database, else a MediaWiki API.
public struct KnowledgeOptions: ParsableArguments {
    @Option(name: [.customLong("knowledge-url"), .customLong("wiki-url")],
            help: "MediaWiki api.php for KnowledgeQuery (env LUMOS_KNOWLEDGE_URL; default: English Wikipedia).")
    public var knowledgeURL: String?

    @Option(name: .customLong("knowledge-db"),
            help: "Offline SQLite FTS5 knowledge base for KnowledgeQuery instead of MediaWiki (env LUMOS_KNOWLEDGE_DB).")
    public var knowledgeDB: String?

    @Flag(help: "Let the knowledge tools reach loopback, private and link-local addresses.")
    public var allowPrivateNetworks = false

    public init() {}

    /// The offline knowledge base when one is configured, else MediaWiki.
    public func makeKnowledge(environment: Environment = .current) throws -> any KnowledgeSource {
        if let path = environment.resolve(knowledgeDB, .knowledgeDB) {
            return try KnowledgeBase(path: path, readOnly: true)
        }
        return MediaWikiKnowledgeSource(
            apiURL: environment.resolve(knowledgeURL, .knowledgeURL, default: MediaWikiKnowledgeSource.wikipedia),
            configuration: HTTPClient.Configuration(connectTimeout: 10, totalTimeout: 20, maxResponseBytes: 2 << 20,
                                                    allowPrivateNetworks: allowPrivateNetworks))
    }
}

import AgentCore
import ArgumentParser

/// The domain and offline-knowledge flags shared by the commands that run one task or one action
/// line (`run-task`, `execute`).
struct DomainOptions: ParsableArguments {
    @Option(help: "maths or qa.")
    var domain: String

    @Option(help: "Offline SQLite FTS5 knowledge base for KnowledgeQuery instead of MediaWiki (env LUMOS_KNOWLEDGE_DB).")
    var knowledgeDB: String?

    func parsedDomain() throws -> Domain {
        guard let parsed = Domain(argument: domain) else {
            throw ValidationError("Unknown domain \(domain.debugDescription); use maths or qa.")
        }
        return parsed
    }

    /// The knowledge source for KnowledgeQuery: `--knowledge-db` when given, else `models`' MediaWiki.
    func knowledge(_ models: AgentModelOptions) throws -> any KnowledgeSource {
        try models.makeKnowledge(database: knowledgeDB)
    }
}

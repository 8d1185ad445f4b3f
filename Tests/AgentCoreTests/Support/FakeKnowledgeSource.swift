@testable import AgentCore

/// A knowledge source over a fixed list: documents whose title or text shares a word with the query.
struct FakeKnowledgeSource: KnowledgeSource {
    var documents: [KnowledgeDocument]
    var failure: String?

    struct Failure: Error, CustomStringConvertible { var description: String }

    func search(_ query: String, limit: Int) throws -> [KnowledgeDocument] {
        if let failure { throw Failure(description: failure) }
        let words = Set(query.lowercased().split(separator: " ").map(String.init))
        return Array(documents.filter { document in
            let title = Set(document.title.lowercased().split(separator: " ").map(String.init))
            return !title.isDisjoint(with: words)
        }.prefix(limit))
    }
}

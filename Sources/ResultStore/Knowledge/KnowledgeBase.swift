import AgentCore
import Foundation

/// An offline knowledge base for `KnowledgeQuery`: documents in an SQLite FTS5 index, searched
/// with bm25 ranking (titles weigh more than body text).
///
/// `@unchecked Sendable`: the only state is the connection, and every use holds `lock`, so
/// concurrent agent tasks may share one instance. Searches block; call them from owned threads.
public final class KnowledgeBase: KnowledgeSource, @unchecked Sendable {
    private let database: Database
    private let lock = NSLock()
    public var path: String { database.path }

    static let migrator = Migrator(migrations: [
        // 1: the documents, and an external-content FTS5 index over them.
        """
        CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL);
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id', tokenize='porter unicode61');
        """,
    ], kind: "knowledge base")

    /// bm25 column weights: title, text.
    private static let titleWeight = 4.0
    private static let textWeight = 1.0

    public init(path: String, readOnly: Bool = false) throws {
        database = try Database(path: path, options: .init(readOnly: readOnly))
        try Self.requireFTS5(database)
        if readOnly {
            let version = try database.userVersion
            guard version == Self.migrator.latestVersion else {
                throw StoreError(version > Self.migrator.latestVersion ? .schemaTooNew : .notADatabase,
                                 "'\(path)' is not a knowledge base this build can read (schema version \(version)): rebuild it with this build.")
            }
        } else {
            try Self.migrator.migrate(database)
        }
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        database.close()
    }

    /// Builds (or extends) the base from a JSONL corpus of `{"title", "text"}` objects, in one
    /// transaction. Returns the number of documents added. A bad line stops the build with its
    /// line number, leaving the base as it was.
    @discardableResult
    public func add(corpus path: String) throws -> Int {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw StoreError(.badInput, "Cannot read the corpus '\(path)': check the path and its permissions.")
        }
        var documents: [KnowledgeDocument] = []
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                documents.append(try decoder.decode(KnowledgeDocument.self, from: Data(line)))
            } catch {
                throw StoreError(.badInput, "Line \(index + 1) of the corpus '\(path)' is not a {\"title\", \"text\"} JSON object: fix or remove it.")
            }
        }
        try add(documents)
        return documents.count
    }

    /// Adds documents in one transaction.
    public func add(_ documents: [KnowledgeDocument]) throws {
        lock.lock()
        defer { lock.unlock() }
        try database.transaction {
            let insert = try database.prepare("INSERT INTO documents (title, text) VALUES (?, ?)")
            let index = try database.prepare("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)")
            for document in documents {
                try insert.run([.text(document.title), .text(document.text)])
                try index.run([.integer(database.lastInsertRowID), .text(document.title), .text(document.text)])
            }
        }
    }

    public var count: Int {
        get throws {
            lock.lock()
            defer { lock.unlock() }
            return try database.scalarInt("SELECT count(*) FROM documents") ?? 0
        }
    }

    /// Up to `limit` documents for `query`, best bm25 score first. Any word may match; documents
    /// matching more (and rarer) words rank higher. A query without words finds nothing.
    public func search(_ query: String, limit: Int) throws -> [KnowledgeDocument] {
        guard let match = Self.matchExpression(query), limit > 0 else { return [] }
        lock.lock()
        defer { lock.unlock() }
        var results: [KnowledgeDocument] = []
        try database.prepare("""
            SELECT d.title, d.text FROM documents_fts
            JOIN documents d ON d.id = documents_fts.rowid
            WHERE documents_fts MATCH ?
            ORDER BY bm25(documents_fts, ?, ?), d.id
            LIMIT ?
            """).forEachRow([.text(match), .real(Self.titleWeight), .real(Self.textWeight), .int(limit)]) { row in
            results.append(KnowledgeDocument(title: row.text(0), text: row.text(1)))
        }
        return results
    }

    /// The query's words, each quoted as an FTS5 string and joined with OR: model-written text is
    /// never parsed as FTS5 syntax (a stray `"`, `*`, `NEAR` or `-` cannot break the query).
    static func matchExpression(_ query: String) -> String? {
        let words = query.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map { "\"\($0)\"" }
        return words.isEmpty ? nil : Array(Set(words)).sorted().joined(separator: " OR ")
    }

    private static func requireFTS5(_ db: Database) throws {
        let enabled = try db.scalarInt("SELECT sqlite_compileoption_used('ENABLE_FTS5')") ?? 0
        guard enabled == 1 else {
            throw StoreError(.missingFeature, "This SQLite library was built without FTS5, which the offline knowledge base needs: install a libsqlite3 with FTS5 (Debian's has it), or use the online knowledge source.")
        }
    }
}

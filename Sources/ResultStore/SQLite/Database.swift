import CSQLite
import Foundation

/// Owns one `sqlite3*` connection: WAL journal, a busy timeout, foreign keys on.
///
/// Not `Sendable`: a connection is used from one thread at a time, and the types built on it
/// (`TrajectoryStore`, `KnowledgeBase`) serialise access with their own lock. Every call blocks,
/// so callers run it on threads they own, never on Swift's cooperative pool.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var isClosed = false

    public struct Options: Sendable {
        public var readOnly: Bool
        /// How long a writer waits for another process's lock before `StoreError.busy`.
        public var busyTimeoutMilliseconds: Int32
        public init(readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 10_000) {
            self.readOnly = readOnly
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }
    }

    public init(path: String, options: Options = Options()) throws {
        self.path = path
        if options.readOnly, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.cannotOpen, "The database '\(path)' does not exist: check the path.")
        }
        var db: OpaquePointer?
        var flags = options.readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var name = path
        if options.readOnly, Self.needsImmutableOpen(path) {
            // A WAL database read in a directory nobody may write to: SQLite would need to create
            // the -shm file. No writer can exist there either (it would need the -wal file), so
            // the file cannot change under us and may be read as immutable.
            flags |= SQLITE_OPEN_URI
            name = "file:" + Self.uriEscaped(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let detail = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StoreError.from(resultCode: rc, path: path, detail: detail, context: "opening")
        }
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, options.busyTimeoutMilliseconds)
        do {
            // The first real read: a file that is not a database fails here, not at open.
            try execute("PRAGMA foreign_keys = ON")
            if !options.readOnly {
                try execute("PRAGMA journal_mode = WAL")
                // WAL with NORMAL sync is durable against process crashes (the case that matters
                // for a worker killed mid-task) and much faster than FULL.
                try execute("PRAGMA synchronous = NORMAL")
            }
            _ = try scalarInt("SELECT count(*) FROM sqlite_schema")
        } catch {
            sqlite3_close_v2(db)
            isClosed = true
            throw error
        }
    }

    deinit {
        if !isClosed { sqlite3_close_v2(handle) }
    }

    /// True when `path` sits in a directory this process may not write and has no -wal file.
    static func needsImmutableOpen(_ path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        return access(folder, W_OK) != 0 && !FileManager.default.fileExists(atPath: path + "-wal")
    }

    static func uriEscaped(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// `PRAGMA quick_check`: throws `.notADatabase` with SQLite's first complaint when the file
    /// is damaged, so a reader refuses it instead of reading half of it.
    public func quickCheck() throws {
        var problems: [String] = []
        do {
            try prepare("PRAGMA quick_check(5)").forEachRow { row in problems.append(row.text(0)) }
        } catch let error as StoreError {
            throw StoreError(.notADatabase, "'\(path)' is damaged (the integrity check failed: \(error.message)). Restore it from a copy, or recover what is readable with 'sqlite3 \(path) .recover'.", sqliteCode: error.sqliteCode)
        }
        guard problems == ["ok"] else {
            throw StoreError(.notADatabase, "'\(path)' is damaged (PRAGMA quick_check: \(problems.prefix(3).joined(separator: "; "))). Restore it from a copy, or recover what is readable with 'sqlite3 \(path) .recover'.")
        }
    }

    /// Closes the connection now; later calls fail. Safe to call twice.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (schema statements, pragmas). Values always go through `run`.
    public func execute(_ sql: String) throws {
        try requireOpen()
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard rc == SQLITE_OK else {
            let detail = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw StoreError.from(resultCode: rc, path: path, detail: detail, context: "running SQL")
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        try requireOpen()
        return try Statement(database: self, sql: sql)
    }

    /// A closed handle is freed memory: refuse instead of crashing.
    private func requireOpen() throws {
        if isClosed { throw StoreError(.closed, "The database '\(path)' was closed: open it again before using it.") }
    }

    /// Prepares, binds and runs one statement.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        try prepare(sql).run(values)
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int? {
        var result: Int?
        try prepare(sql).forEachRow(values) { row in
            if result == nil, !row.isNull(0) { result = row.int(0) }
        }
        return result
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
    /// concurrent writer waits at BEGIN (within the busy timeout) instead of failing mid-way.
    /// Any error rolls everything back.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // The rollback can only fail if SQLite already rolled back (e.g. disk full).
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// `PRAGMA user_version`, the schema version the migrations maintain.
    public var userVersion: Int {
        get throws { try scalarInt("PRAGMA user_version") ?? 0 }
    }

    func setUserVersion(_ version: Int) throws {
        // PRAGMA takes no parameters; the value is an Int, not user text.
        try execute("PRAGMA user_version = \(version)")
    }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ rc: Int32, context: String) -> StoreError {
        StoreError.from(resultCode: rc, path: path, detail: String(cString: sqlite3_errmsg(handle)), context: context)
    }
}

import CSQLite
import LumosBase

/// Every failure of the result store: a code callers can switch on, and a sentence a person can act on.
public struct StoreError: CodedError, Sendable, Equatable {
    public enum Code: String, Sendable, Hashable {
        /// The file or its directory cannot be opened or created.
        case cannotOpen = "cannot_open"
        /// The file (or its directory, for the WAL and journal files) is read-only.
        case notWritable = "not_writable"
        /// The file is not an SQLite database, or it is damaged.
        case notADatabase = "not_a_database"
        /// The file was written by a newer build with a schema this build does not know.
        case schemaTooNew = "schema_too_new"
        /// A read-only open met an older schema, which only a writer may migrate.
        case schemaTooOld = "schema_too_old"
        /// The disk (or the file system quota) is full.
        case diskFull = "disk_full"
        /// Another process held the database lock for longer than the busy timeout.
        case busy
        /// A row broke a constraint (a bug in the caller, or a damaged file).
        case constraint
        /// A stored value could not be read back (for example, trajectory JSON that does not decode).
        case badRow = "bad_row"
        /// The SQLite library lacks a feature the store needs (FTS5).
        case missingFeature = "missing_feature"
        /// An input file (corpus, task file) could not be read.
        case badInput = "bad_input"
        /// The store was used after `close()`.
        case closed
        /// Any other SQLite failure; the message carries SQLite's own text.
        case sqlite
    }

    public var code: Code
    public var message: String
    /// The primary SQLite result code, when SQLite reported the failure.
    public var sqliteCode: Int32?

    public init(_ code: Code, _ message: String, sqliteCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
    }

    /// The template's sentence, with SQLite's own code when it reported the failure.
    public var description: String {
        if let sqliteCode { return "\(message) [SQLite error \(sqliteCode)]" }
        return message
    }

    /// Maps an SQLite result code to a store error. `path` names the file in the message;
    /// `detail` is SQLite's own text (sqlite3_errmsg), which never contains bound values.
    static func from(resultCode: Int32, path: String, detail: String, context: String) -> StoreError {
        let primary = resultCode & 0xFF
        switch primary {
        case SQLITE_CANTOPEN:
            return StoreError(.cannotOpen, "Cannot open the database '\(path)': check that the directory exists and that you may write to it (\(detail)).", sqliteCode: primary)
        case SQLITE_READONLY, SQLITE_PERM:
            return StoreError(.notWritable, "The database '\(path)' is not writable: check the permissions of the file and of its directory, which must hold the -wal and -shm files (\(detail)).", sqliteCode: primary)
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return StoreError(.notADatabase, "'\(path)' is not an SQLite database or is damaged: point at a results file written by lumos-worker, or move the file away and start a new one (\(detail)).", sqliteCode: primary)
        case SQLITE_FULL:
            return StoreError(.diskFull, "The disk holding '\(path)' is full: free some space and retry; nothing of the failed write was kept (\(detail)).", sqliteCode: primary)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(.busy, "The database '\(path)' stayed locked by another process beyond the busy timeout: retry, or check for a stuck process holding it (\(detail)).", sqliteCode: primary)
        case SQLITE_CONSTRAINT:
            return StoreError(.constraint, "A row for '\(path)' broke a constraint while \(context) (\(detail)).", sqliteCode: primary)
        case SQLITE_IOERR:
            return StoreError(.sqlite, "An I/O error occurred on '\(path)' while \(context): check the disk and the file system (\(detail)).", sqliteCode: primary)
        default:
            return StoreError(.sqlite, "SQLite failed on '\(path)' while \(context): \(detail).", sqliteCode: primary)
        }
    }
}

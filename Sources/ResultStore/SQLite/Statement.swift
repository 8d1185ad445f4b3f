import CSQLite

/// A prepared statement with bound parameters. Owned by one `Database` and used on its thread.
public final class Statement {
    private let handle: OpaquePointer
    // Strong: a statement kept by a caller keeps its connection alive (no cycle: the
    // connection does not hold its statements).
    private let database: Database
    let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw database.error(rc, context: "preparing a statement")
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to its parameters `?1…?n`.
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // Bound by byte length so text with NUL bytes (model output can hold them) survives.
                var bytes = Array(v.utf8)
                if bytes.isEmpty { bytes.append(0) }  // a non-null pointer for the empty string
                rc = bytes.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                        sqlite3_bind_text(handle, index, pointer, Int32(v.utf8.count), lumos_sqlite_transient())
                    }
                }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, context: "binding parameter \(index)") }
        }
    }

    /// Advances to the next row; false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw database.error(rc, context: "running a statement")
        }
    }

    /// Binds, runs to completion and resets.
    public func run(_ values: [SQLValue] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, then calls `body` for every row.
    public func forEachRow(_ values: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(handle: handle)) }
    }

    /// A view of the current row; valid only inside the `forEachRow` closure that received it.
    public struct Row {
        fileprivate let handle: OpaquePointer

        public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
        public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
        public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
        public func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, column) else { return "" }
            // Read by length, not up to a NUL: model output may contain NUL bytes.
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
        public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    }
}

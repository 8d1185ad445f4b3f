/// Versioned schema migrations kept in `PRAGMA user_version`.
///
/// Migration `n` (1-based) moves the schema from version n-1 to n, inside one transaction with
/// the version bump, so a crash never leaves a half-migrated file. A file whose version is
/// newer than this build knows is refused rather than guessed at.
struct Migrator {
    let migrations: [String]
    /// Names the kind of file in messages ("results database", "knowledge base").
    let kind: String

    var latestVersion: Int { migrations.count }

    func migrate(_ db: Database) throws {
        let current = try db.userVersion
        if current > latestVersion {
            throw StoreError(.schemaTooNew, "The \(kind) '\(db.path)' has schema version \(current), newer than this build's \(latestVersion): upgrade lumos-fleet to read it.")
        }
        guard current < latestVersion else { return }
        // Version 0 with tables already in it is someone else's database: never add ours to it.
        if current == 0, try db.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0 > 0 {
            throw StoreError(.notADatabase, "'\(db.path)' is an SQLite database but not a \(kind): choose another file name.")
        }
        try db.transaction {
            // Re-read under the write lock: another process may have migrated meanwhile.
            let locked = try db.userVersion
            guard locked < latestVersion else { return }
            for version in (locked + 1)...latestVersion {
                try db.execute(migrations[version - 1])
            }
            try db.setUserVersion(latestVersion)
        }
    }
}

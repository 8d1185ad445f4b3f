import ArgumentParser

/// Where a worker writes its results.
public struct StoreOptions: ParsableArguments {
    @Option(help: "The results database (env LUMOS_DB_PATH; default ./lumos-results.db).")
    public var db: String?

    public init() {}

    public static let defaultPath = "./lumos-results.db"

    public var databasePath: String { Environment.current.resolve(db, .databasePath, default: Self.defaultPath) }
}

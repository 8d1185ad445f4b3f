import Foundation
import Synchronization
import ResultStore

extension ConsoleState {
    /// A position in the list over every database: the database index and the row id to go below.
    struct ListCursor: Equatable {
        var database: Int
        var before: Int?

        /// "2" or "2:4711".
        init?(_ text: String?) {
            guard let text, !text.isEmpty else { return nil }
            let parts = text.split(separator: ":", maxSplits: 1)
            guard let database = Int(parts[0]), database >= 0 else { return nil }
            self.database = database
            before = parts.count > 1 ? Int(parts[1]) : nil
            if parts.count > 1, before == nil { return nil }
        }

        init(database: Int, before: Int?) {
            self.database = database
            self.before = before
        }

        var text: String { before.map { "\(database):\($0)" } ?? "\(database)" }
    }

    struct ListRow {
        var database: Int
        var summary: AttemptSummary
    }

    /// One page of the list: databases in order, each newest first. `only` limits it to one file.
    func list(_ query: AttemptQuery, only: Int?, from cursor: ListCursor?, limit: Int = 50) throws -> (rows: [ListRow], next: ListCursor?) {
        var position = cursor ?? ListCursor(database: only ?? 0, before: nil)
        var rows: [ListRow] = []
        let last = only ?? (stores.count - 1)
        while position.database <= last, stores.indices.contains(position.database) {
            let page = try stores[position.database].attemptPage(query, before: position.before, limit: limit - rows.count)
            rows += page.rows.map { ListRow(database: position.database, summary: $0) }
            if let next = page.nextBefore {
                return (rows, ListCursor(database: position.database, before: next))
            }
            position = ListCursor(database: position.database + 1, before: nil)
            if rows.count >= limit { return (rows, position.database <= last ? position : nil) }
        }
        return (rows, nil)
    }

    /// Filter choices, read again at most once a minute (a full scan of the attempts).
    func cachedFacets(now: Date = Date()) throws -> AttemptFacets {
        if let cached = facetCache.withLock({ $0 }), now.timeIntervalSince(cached.at) < 60 { return cached.facets }
        let facets = try facets()
        facetCache.withLock { $0 = (now, facets) }
        return facets
    }

    /// Filter choices across every database.
    func facets() throws -> AttemptFacets {
        var merged = AttemptFacets()
        for store in stores {
            let facets = try store.facets()
            merged.datasets += facets.datasets
            merged.formulations += facets.formulations
            merged.terminations += facets.terminations
            merged.models += facets.models
            merged.workers += facets.workers
        }
        func unique(_ values: [String]) -> [String] { Array(Set(values)).sorted() }
        return AttemptFacets(datasets: unique(merged.datasets), formulations: unique(merged.formulations),
                             terminations: unique(merged.terminations), models: unique(merged.models), workers: unique(merged.workers))
    }
}

import Foundation
import ResultStore

/// The searchable, filterable list of stored attempts over every served database.
enum TrajectoryListPage {
    struct Filters {
        var query = AttemptQuery()
        var database: Int?
        var review: String?
        var cursor: String?
        /// The filters as query items, for links to the next page.
        var items: [(String, String?)] {
            [("dataset", query.dataset), ("formulation", query.formulation), ("correct", query.correct.map { $0 ? "yes" : "no" }),
             ("termination", query.termination), ("model", query.model), ("worker", query.worker), ("q", query.text),
             ("review", review), ("db", database.map(String.init))]
        }
    }

    static func page(rows: [ConsoleState.ListRow], next: ConsoleState.ListCursor?, filters: Filters, facets: AttemptFacets,
                     databases: [String], signedIn: Bool) -> HTML {
        var body = HTML(raw: "<h1>Trajectories</h1><form class=\"filters\" method=\"get\" action=\"/trajectories\">")
        body.raw("<input type=\"search\" name=\"q\" placeholder=\"text in the question\" value=\"\(HTML.escape(filters.query.text ?? ""))\">")
        body.append(select("dataset", facets.datasets, filters.query.dataset))
        body.append(select("formulation", facets.formulations, filters.query.formulation))
        body.append(select("correct", ["yes", "no"], filters.query.correct.map { $0 ? "yes" : "no" }))
        body.append(select("termination", facets.terminations, filters.query.termination))
        body.append(select("model", facets.models, filters.query.model))
        body.append(select("worker", facets.workers, filters.query.worker))
        body.append(select("review", ["accepted", "rejected", "unreviewed"], filters.review))
        if databases.count > 1 {
            body.append(select("db", Array(databases.indices).map(String.init), filters.database.map(String.init), labels: databases))
        }
        body.raw("<button>Filter</button> <a href=\"/trajectories\">clear</a></form>")
        if rows.isEmpty {
            body.raw("<p class=\"muted\">No stored attempt matches.</p>")
        } else {
            body.raw("<table id=\"trajectories\"><tr><th>task</th><th class=\"n\">attempt</th><th>dataset</th><th>question</th><th>answer / gold</th><th>termination</th><th>worker</th><th class=\"n\">time</th><th>review</th>\(databases.count > 1 ? "<th>database</th>" : "")</tr>")
            for row in rows {
                let s = row.summary
                body.raw("<tr><td><a href=\"/trajectories/\(row.database)/\(s.id)\">\(HTML.escape(s.taskID))</a></td><td class=\"n\">\(s.attempt)</td>")
                body.element("td", "\(s.dataset) · \(s.formulation)")
                body.element("td", s.question)
                body.raw("<td class=\"\(s.correct ? "ok" : "bad")\">\(HTML.escape(s.finalAnswer ?? "–")) / \(HTML.escape(s.goldAnswer ?? "–"))</td>")
                body.element("td", s.termination)
                body.element("td", s.workerID)
                body.raw("<td class=\"n\">\(HTML.escape(Format.milliseconds(s.milliseconds)))</td>")
                body.element("td", s.verdict?.rawValue ?? "")
                if databases.count > 1 { body.element("td", databases[row.database]) }
                body.raw("</tr>")
            }
            body.raw("</table>")
        }
        if let next {
            body.raw("<p><a id=\"next\" href=\"\(HTML.link("/trajectories", filters.items + [("at", next.text)]))\">next page →</a></p>")
        }
        return Layout.page(title: "Trajectories", active: "/trajectories", signedIn: signedIn, body)
    }

    static func select(_ name: String, _ values: [String], _ chosen: String?, labels: [String]? = nil) -> HTML {
        var html = HTML(raw: "<select name=\"\(name)\"><option value=\"\">\(name): any</option>")
        for (index, value) in values.enumerated() {
            html.raw("<option value=\"\(HTML.escape(value))\"\(value == chosen ? " selected" : "")>\(HTML.escape(labels?[index] ?? value))</option>")
        }
        html.raw("</select>")
        return html
    }
}

import Foundation
import Queue

/// One batch: its counts, and its tasks as the result stream reported them, each linked to its
/// stored trajectory when a served database has it.
enum BatchPage {
    static func page(_ row: ConsoleState.BatchRow, locate: (String, Int) -> (Int, Int)?, signedIn: Bool) -> HTML {
        let counts = row.counts
        var body = HTML(raw: "<h1>Batch ")
        body.text(counts.batchId)
        body.raw("</h1><p>queue ")
        body.text(row.queue)
        body.raw("</p><div data-live=\"\(HTML.link("/live/batches/\(HTML.urlComponent(row.queue))/\(HTML.urlComponent(counts.batchId))"))\">")
        body.append(fragment(row, locate: locate))
        body.raw("</div><h2>Cancel a task</h2>")
        body.append(Layout.postForm(action: "/tasks/cancel", fields: [("queue", row.queue), ("back", "/batches/\(HTML.urlComponent(row.queue))/\(HTML.urlComponent(counts.batchId))")],
                                    button: "Cancel", extra: "<input name=\"task\" placeholder=\"task id\" required> "))
        return Layout.page(title: "Batch \(counts.batchId)", active: "/batches", signedIn: signedIn, body)
    }

    static func fragment(_ row: ConsoleState.BatchRow, locate: (String, Int) -> (Int, Int)?) -> HTML {
        var html = BatchesPage.table([row])
        html.raw("<h2>Tasks (newest results first)</h2>")
        guard let events = row.activity?.recent, !events.isEmpty else {
            html.raw("<p class=\"muted\">No results of this batch in the last hour of the result stream.</p>")
            return html
        }
        html.raw("<table id=\"batch-tasks\"><tr><th>task</th><th>event</th><th class=\"n\">attempt</th><th>correct</th><th>error</th><th>at</th></tr>")
        for event in events {
            html.raw("<tr><td>")
            if let (database, id) = locate(event.taskID, event.attempt) {
                html.raw("<a href=\"/trajectories/\(database)/\(id)\">\(HTML.escape(event.taskID))</a>")
            } else {
                html.text(event.taskID)
            }
            html.raw("</td>")
            html.element("td", event.kind)
            html.raw("<td class=\"n\">\(event.attempt)</td>")
            html.raw(event.correct.map { $0 ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">no</td>" } ?? "<td>–</td>")
            html.element("td", event.error ?? "")
            html.element("td", Format.time(Date(timeIntervalSince1970: event.at)))
            html.raw("</tr>")
        }
        html.raw("</table>")
        return html
    }
}

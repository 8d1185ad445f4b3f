import Foundation
import Queue

/// A queue's dead tasks with their last error, and requeue / purge (one task or all).
enum DeadLettersPage {
    static func page(queue: String, queues: [String], total: Int, tasks: [TaskEnvelope], signedIn: Bool) -> HTML {
        var body = HTML(raw: "<h1>Dead letters</h1><form class=\"filters\" method=\"get\" action=\"/dead\"><label>queue <select name=\"queue\">")
        for name in Set(queues + [queue]).sorted() {
            body.raw("<option\(name == queue ? " selected" : "")>\(HTML.escape(name))</option>")
        }
        body.raw("</select></label><button>Show</button></form><p>")
        body.text("\(Format.int(total)) dead task(s) in queue '\(queue)'\(total > tasks.count ? ", newest \(tasks.count) shown" : "").")
        body.raw("</p>")
        if !tasks.isEmpty {
            body.raw("<p>")
            body.append(Layout.postForm(action: "/dead/requeue", fields: [("queue", queue)], button: "Requeue all"))
            body.raw(" ")
            body.append(Layout.postForm(action: "/dead/purge", fields: [("queue", queue)], button: "Purge all",
                                        confirm: "Delete every dead task of this queue?"))
            body.raw("</p><table id=\"dead\"><tr><th>task</th><th>batch</th><th class=\"n\">attempts</th><th>died</th><th>last error</th><th></th></tr>")
            for task in tasks {
                body.raw("<tr>")
                body.element("td", task.id)
                body.element("td", task.batchId)
                body.raw("<td class=\"n\">\(task.attempt)/\(task.maxAttempts)</td>")
                body.element("td", task.finishedAt.map(Format.time) ?? "–")
                body.raw("<td><pre>\(HTML.escape(task.lastError ?? "–"))</pre></td><td>")
                body.append(Layout.postForm(action: "/dead/requeue", fields: [("queue", queue), ("id", task.id)], button: "Requeue"))
                body.append(Layout.postForm(action: "/dead/purge", fields: [("queue", queue), ("id", task.id)], button: "Purge"))
                body.raw("</td></tr>")
            }
            body.raw("</table>")
        }
        return Layout.page(title: "Dead letters", active: "/dead", signedIn: signedIn, body)
    }
}

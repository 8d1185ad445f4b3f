import Foundation
import Queue

/// Every batch with its progress, rate, ETA, accuracy so far, and dead and cancelled counts.
enum BatchesPage {
    static func page(_ rows: [ConsoleState.BatchRow], signedIn: Bool) -> HTML {
        var body = HTML(raw: "<h1>Batches</h1><div data-live=\"/live/batches\">")
        body.append(table(rows))
        body.raw("</div>")
        return Layout.page(title: "Batches", active: "/batches", signedIn: signedIn, body)
    }

    static func table(_ rows: [ConsoleState.BatchRow], now: Date = Date()) -> HTML {
        guard !rows.isEmpty else { return HTML(raw: "<p class=\"muted\">No batches yet.</p>") }
        var html = HTML(raw: "<table id=\"batches\"><tr><th>batch</th><th>queue</th><th>created</th><th>progress</th><th class=\"n\">done / total</th><th class=\"n\">running</th><th class=\"n\">rate</th><th class=\"n\">ETA</th><th class=\"n\">accuracy so far</th><th class=\"n\">dead</th><th class=\"n\">cancelled</th></tr>")
        for row in rows {
            let counts = row.counts
            let finished = counts.done + counts.dead + counts.cancelled
            let rate = Self.ratePerMinute(row.activity, now: now)
            let remaining = counts.total - finished
            html.raw("<tr><td><a href=\"\(HTML.link("/batches/\(HTML.urlComponent(row.queue))/\(HTML.urlComponent(counts.batchId))"))\">")
            html.text(counts.batchId)
            html.raw("</a></td>")
            html.element("td", row.queue)
            html.element("td", counts.createdAt.map(Format.time) ?? "–")
            let fraction = counts.total == 0 ? 0 : Double(finished) / Double(counts.total)
            html.raw("<td><span class=\"bar\"><span style=\"width:\(Int(fraction * 100))%\"></span></span></td>")
            html.raw("<td class=\"n\">\(Format.int(counts.done)) / \(Format.int(counts.total))</td><td class=\"n\">\(Format.int(counts.running))</td>")
            html.raw("<td class=\"n\">\(rate.map { Format.decimal($0) + "/min" } ?? "–")</td>")
            let eta = remaining == 0 ? "done" : rate.flatMap { $0 > 0 ? Format.duration(seconds: Double(remaining) / $0 * 60) : nil } ?? "–"
            html.raw("<td class=\"n\">\(HTML.escape(eta))</td>")
            let accuracy = row.activity.map { Format.percent($0.correct, of: $0.judged) + " (\($0.correct)/\($0.judged))" } ?? "–"
            html.raw("<td class=\"n\">\(HTML.escape(accuracy))</td><td class=\"n\">\(Format.int(counts.dead))</td><td class=\"n\">\(Format.int(counts.cancelled))</td></tr>")
        }
        html.raw("</table><p class=\"muted\">Rate, ETA and accuracy come from the results seen in the last hour of the result stream.</p>")
        return html
    }

    /// Finished tasks per minute over the batch's last results (at most ten minutes back).
    static func ratePerMinute(_ activity: BatchActivity?, now: Date) -> Double? {
        guard let finishes = activity?.recentFinishes else { return nil }
        let since = now.timeIntervalSince1970 - 600
        let recent = finishes.filter { $0 >= since }
        guard recent.count >= 2, let first = recent.first else { return nil }
        let span = max(now.timeIntervalSince1970 - first, 1)
        return Double(recent.count) / span * 60
    }
}

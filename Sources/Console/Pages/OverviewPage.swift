import Foundation
import Queue

/// Queues with their counts, the last hour's throughput and latency, and the live workers.
enum OverviewPage {
    static func page(_ overview: ConsoleState.Overview, rates: (String) -> WorkerRate?, signedIn: Bool) -> HTML {
        var body = HTML(raw: "<h1>Overview</h1><div id=\"overview\" data-live=\"/live/overview\">")
        body.append(fragment(overview, rates: rates))
        body.raw("</div>")
        return Layout.page(title: "Overview", active: "/", signedIn: signedIn, body)
    }

    /// The part that refreshes itself every two seconds.
    static func fragment(_ overview: ConsoleState.Overview, rates: (String) -> WorkerRate?) -> HTML {
        var html = HTML(raw: "<h2>Queues</h2>")
        if overview.queues.isEmpty {
            html.raw("<p class=\"muted\">No queue has received tasks under this prefix yet.</p>")
        } else {
            html.raw("<table id=\"queues\"><tr><th>queue</th>")
            for state in TaskState.allCases { html.raw("<th class=\"n\">\(state == .failed ? "retrying" : state.rawValue)</th>") }
            html.raw("<th></th></tr>")
            for row in overview.queues {
                html.raw("<tr data-queue=\"\(HTML.escape(row.name))\"><td>")
                html.text(row.name)
                html.raw("</td>")
                for state in TaskState.allCases {
                    html.raw("<td class=\"n\" data-state=\"\(state.rawValue)\">\(Format.int(row.counts[state]))</td>")
                }
                html.raw("<td><a href=\"\(HTML.link("/dead", [("queue", row.name)]))\">dead letters</a></td></tr>")
            }
            html.raw("</table>")
        }
        html.raw("<h2>Last hour</h2><div class=\"cards\">")
        html.append(charts(overview.minutes, now: overview.now))
        html.raw("</div><h2>Live workers</h2>")
        html.append(workers(overview.workers, rates: rates, now: overview.now))
        html.raw("<p class=\"muted\">updated \(HTML.escape(Format.time(overview.now)))</p>")
        return html
    }

    static func charts(_ minutes: [MinuteBucket], now: Date) -> HTML {
        let labels = ("−60 min", "−30 min", "now")
        let throughput = LineChart(
            title: "Throughput", unit: "tasks per minute",
            series: [
                .init(name: "completed", color: "#17803d", values: minutes.map { Double($0.done) }),
                .init(name: "failed", color: "#b42318", values: minutes.map { Double($0.failed) }),
            ], xLabels: labels)
        let latency = LineChart(
            title: "Latency", unit: "mean seconds per completed task",
            series: [.init(name: "mean latency", color: "#3b82f6", values: minutes.map { $0.meanLatency.map { $0 / 1000 } })],
            xLabels: labels)
        var html = HTML()
        html.append(throughput.svg())
        html.append(latency.svg())
        return html
    }

    static func workers(_ workers: [WorkerInfo], rates: (String) -> WorkerRate?, now: Date) -> HTML {
        guard !workers.isEmpty else { return HTML(raw: "<p class=\"muted\">No live workers.</p>") }
        var html = HTML(raw: "<table id=\"workers\"><tr><th>worker</th><th>host</th><th class=\"n\">pid</th><th>queues</th><th>running</th><th class=\"n\">tokens/s</th><th>last heartbeat</th><th>up</th></tr>")
        for worker in workers.sorted(by: { $0.id < $1.id }) {
            html.raw("<tr>")
            html.element("td", worker.id)
            html.element("td", worker.hostname)
            html.raw("<td class=\"n\">\(worker.pid)</td>")
            html.element("td", worker.queues.joined(separator: ", "))
            html.element("td", worker.running.isEmpty ? "idle" : worker.running.joined(separator: ", "))
            html.raw("<td class=\"n\">\(HTML.escape(rates(worker.id)?.tokensPerSecond.map { Format.decimal($0) } ?? "–"))</td>")
            html.element("td", Format.ago(worker.lastSeen, now: now))
            html.element("td", Format.duration(seconds: now.timeIntervalSince(worker.startedAt)))
            html.raw("</tr>")
        }
        html.raw("</table>")
        return html
    }
}

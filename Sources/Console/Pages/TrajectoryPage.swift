import AgentCore
import Foundation
import ResultStore

/// One attempt as the reader thinks of it: plan → subgoals → the actions each was grounded to,
/// with substituted arguments and results or errors; final and gold answers; every model call
/// folded; and the review form.
enum TrajectoryPage {
    static func page(database: Int, id: Int, stored: StoredAttempt, review: Review?, signedIn: Bool) -> HTML {
        let t = stored.trajectory
        var body = HTML(raw: "<h1>")
        body.text("\(t.task.id) · attempt \(t.attempt)")
        body.raw("</h1><table id=\"summary\">")
        func row(_ name: String, _ value: String, attributes: String = "") {
            body.raw("<tr><th>\(HTML.escape(name))</th>")
            body.element("td", value, attributes: attributes)
            body.raw("</tr>")
        }
        row("question", t.task.question)
        row("final answer", t.finalAnswer ?? "–", attributes: "id=\"final\" class=\"\(t.correct ? "ok" : "bad")\"")
        row("gold answer", t.goldAnswer ?? "–", attributes: "id=\"gold\"")
        row("correct", t.correct ? "yes" : "no")
        row("termination", t.termination.rawValue + (t.terminationDetail.map { " — \($0)" } ?? ""))
        row("dataset", "\(t.task.dataset.rawValue) · \(t.task.domain.rawValue) · \(t.task.formulation.rawValue)")
        row("models", "plan \(t.planModel.description) · ground \(t.groundModel.description)")
        row("worker", stored.workerID)
        let prompt = t.modelCalls.reduce(0) { $0 + $1.promptTokens }
        let cached = t.modelCalls.reduce(0) { $0 + $1.cachedPromptTokens }
        let completion = t.modelCalls.reduce(0) { $0 + $1.completionTokens }
        row("tokens", "\(Format.int(prompt)) prompt (\(Format.int(cached)) cached) · \(Format.int(completion)) completion in \(t.modelCalls.count) model call(s)")
        row("time", "\(Format.milliseconds(t.milliseconds)), started \(Format.time(t.startedAt))")
        body.raw("</table>")
        body.append(reviewSection(database: database, id: id, review: review))
        body.raw("<h2>Plan → ground → execute</h2><div id=\"story\">")
        let stepIndices = Set(t.steps.map(\.index))
        for step in t.steps {
            body.append(stepBlock(step, calls: t.modelCalls.filter { $0.step == step.index }, actions: t.actions.filter { $0.step == step.index }))
        }
        let strayCalls = t.modelCalls.filter { !stepIndices.contains($0.step) }
        let strayActions = t.actions.filter { !stepIndices.contains($0.step) }
        if !strayCalls.isEmpty || !strayActions.isEmpty {
            body.raw("<div class=\"subgoal\"><strong>Outside any step</strong>")
            for action in strayActions { body.append(actionBlock(action)) }
            for call in strayCalls { body.append(callBlock(call)) }
            body.raw("</div>")
        }
        body.raw("</div>")
        return Layout.page(title: "\(t.task.id) attempt \(t.attempt)", active: "/trajectories", signedIn: signedIn, body)
    }

    static func stepBlock(_ step: Step, calls: [ModelCall], actions: [ActionRecord]) -> HTML {
        var html = HTML(raw: "<div class=\"subgoal\" data-step=\"\(step.index)\"><strong>Step \(step.index)</strong>")
        if step.subgoals.isEmpty {
            html.raw("<div class=\"plan\">")
            html.text(step.plannerOutput)
            html.raw("</div>")
        }
        for subgoal in step.subgoals {
            html.element("div", subgoal, attributes: "class=\"plan\"")
        }
        if let line = step.actionLine {
            html.raw("<div class=\"muted\">grounded to: <code>\(HTML.escape(line))</code></div>")
        }
        for action in actions { html.append(actionBlock(action)) }
        if actions.isEmpty, let result = step.executedResult {
            html.raw("<div class=\"action\">result: <code>\(HTML.escape(result))</code></div>")
        }
        for call in calls { html.append(callBlock(call)) }
        html.raw("</div>")
        return html
    }

    static func actionBlock(_ action: ActionRecord) -> HTML {
        var html = HTML(raw: "<div class=\"action\"><code>")
        html.text(action.raw)
        html.raw("</code><br>")
        if let arguments = action.substitutedArguments ?? action.arguments {
            html.raw("<span class=\"muted\">\(HTML.escape(action.name ?? "action"))(</span><code class=\"args\">\(HTML.escape(arguments))</code><span class=\"muted\">)</span> ")
        }
        if let error = action.error {
            html.raw("→ <span class=\"bad result\">error: \(HTML.escape(error))</span>")
        } else {
            html.raw("→ <code class=\"result\">\(HTML.escape(action.result ?? "–"))</code>")
        }
        html.raw(" <span class=\"muted\">\(HTML.escape(Format.milliseconds(action.milliseconds)))</span></div>")
        return html
    }

    static func callBlock(_ call: ModelCall) -> HTML {
        var summary = "\(call.module.rawValue) call · \(call.promptTokens) prompt tokens (\(call.cachedPromptTokens) cached) · \(call.completionTokens) completion tokens · \(Format.milliseconds(call.milliseconds))"
        if let p = call.promptMilliseconds, let g = call.generationMilliseconds {
            summary += " (prompt \(Format.milliseconds(p)), generation \(Format.milliseconds(g)))"
        }
        summary += " · \(call.finishReason.rawValue)"
        var html = HTML(raw: "<details class=\"call\"><summary>")
        html.text(summary)
        html.raw("</summary><div class=\"muted\">model ")
        html.text(call.model)
        html.raw("</div><div>prompt</div><pre class=\"prompt\">\(HTML.escape(call.prompt))</pre><div>completion</div><pre class=\"completion\">\(HTML.escape(call.completion))</pre>")
        if let error = call.error { html.raw("<div class=\"bad\">error: \(HTML.escape(error))</div>") }
        html.raw("</details>")
        return html
    }

    static func reviewSection(database: Int, id: Int, review: Review?) -> HTML {
        var html = HTML(raw: "<h2>Review</h2><p id=\"verdict\">")
        if let review {
            html.raw("<strong class=\"\(review.verdict == .accepted ? "ok" : "bad")\">\(review.verdict.rawValue)</strong>")
            if let reason = review.reason { html.raw(" — "); html.text(reason) }
            html.raw(" <span class=\"muted\">(\(HTML.escape(Format.time(review.reviewedAt))))</span>")
        } else {
            html.raw("<span class=\"muted\">not reviewed</span>")
        }
        html.raw("</p><form id=\"review\" method=\"post\" action=\"/trajectories/\(database)/\(id)/review\">")
        html.raw("<input name=\"reason\" placeholder=\"reason (optional)\" size=\"50\" maxlength=\"2000\"> ")
        html.raw("<button name=\"verdict\" value=\"accepted\" id=\"accept\">Accept</button> <button name=\"verdict\" value=\"rejected\" id=\"reject\">Reject</button></form>")
        return html
    }
}

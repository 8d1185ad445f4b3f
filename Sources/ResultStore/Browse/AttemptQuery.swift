import Foundation

/// Filters for the console's trajectory list. Every field is optional; the list is newest
/// first (by row id) and pages by keyset, so page n costs the same as page 1.
public struct AttemptQuery: Sendable, Hashable {
    public var dataset: String?
    public var formulation: String?
    public var correct: Bool?
    public var termination: String?
    /// Matches the plan or the ground model.
    public var model: String?
    public var worker: String?
    /// A substring of the question, case-insensitive for ASCII.
    public var text: String?
    /// Only attempts with this review verdict; `.none` in `unreviewed` for those without one.
    public var verdict: Review.Verdict?
    public var unreviewed: Bool

    public init(
        dataset: String? = nil, formulation: String? = nil, correct: Bool? = nil, termination: String? = nil,
        model: String? = nil, worker: String? = nil, text: String? = nil, verdict: Review.Verdict? = nil,
        unreviewed: Bool = false
    ) {
        self.dataset = dataset
        self.formulation = formulation
        self.correct = correct
        self.termination = termination
        self.model = model
        self.worker = worker
        self.text = text
        self.verdict = verdict
        self.unreviewed = unreviewed
    }

    /// The WHERE clause (over `attempts a JOIN tasks t`) and its bound values. Only fixed
    /// fragments go into the SQL text; every user value is bound.
    func whereClause(before id: Int?) -> (sql: String, values: [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: String, _ value: SQLValue) {
            values.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "?\(values.count)"))
        }
        if let id { add("a.id < ?", .int(id)) }
        if let dataset { add("t.dataset = ?", .text(dataset)) }
        if let formulation { add("t.formulation = ?", .text(formulation)) }
        if let correct { add("a.correct = ?", .bool(correct)) }
        if let termination { add("a.termination = ?", .text(termination)) }
        if let model { add("(a.plan_model = ? OR a.ground_model = ?)", .text(model)) }
        if let worker { add("a.worker_id = ?", .text(worker)) }
        if let text, !text.isEmpty { add("t.question LIKE ? ESCAPE '\\'", .text("%" + Self.escapeLike(text) + "%")) }
        if let verdict {
            add("EXISTS (SELECT 1 FROM reviews r WHERE r.task_id = a.task_id AND r.attempt = a.attempt AND r.verdict = ?)", .text(verdict.rawValue))
        } else if unreviewed {
            conditions.append("NOT EXISTS (SELECT 1 FROM reviews r WHERE r.task_id = a.task_id AND r.attempt = a.attempt)")
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), values)
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

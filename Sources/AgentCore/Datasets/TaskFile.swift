/// What `TaskFileReader` made of a file: the tasks, in file order, and the entries it rejected.
public struct TaskFile: Sendable {
    public var path: String
    public var dataset: Dataset
    /// True when the dataset was recognised from the content rather than given.
    public var detected: Bool
    public var tasks: [AgentTask]
    public var badLines: [BadLine]

    /// Throws `TaskFileError.badLines` naming the first bad lines, when there are any.
    public func requireNoBadLines(showing limit: Int = 10) throws {
        guard !badLines.isEmpty else { return }
        let shown = badLines.prefix(limit).map { "  \($0)" }.joined(separator: "\n")
        let more = badLines.count > limit ? "\n  … and \(badLines.count - limit) more" : ""
        throw TaskFileError(.badLines, "\(path) has \(badLines.count) bad line(s); fix them, or submit only the good ones:\n\(shown)\(more)")
    }
}

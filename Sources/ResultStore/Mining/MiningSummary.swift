import Foundation
/// What `mine` did: how many trajectories each stage removed, and what it wrote.
public struct MiningSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Tasks considered (one chosen attempt each, after the dataset/formulation options).
    public var tasks = 0
    /// Distinct items among them (samples of one item count once).
    public var items = 0
    /// Tasks whose trajectory counted as successful (correct, or reaching --min-score).
    public var successful = 0
    /// Each stage in the order it ran: decontamination, the trajectory filters, the judge, the
    /// per-item limit.
    public var stages: [StageCount] = []
    /// Kept trajectories that could not become an example (a subgoal without actions or result).
    public var unusable = 0
    /// Trajectories that became examples.
    public var kept = 0
    /// Items in each split.
    public var trainItems = 0
    public var validationItems = 0
    public var files: [FileSummary] = []
    /// The evaluation files decontamination read.
    public var excludedFiles: [Decontaminator.ExcludedFile] = []
    /// The judge's verdicts, when a judge ran.
    public var judge: JudgeSummary?

    public struct StageCount: Sendable, Hashable, Codable {
        public var name: String
        public var removed: Int
        /// One removed task id, to look at.
        public var example: String?
    }

    public struct FileSummary: Sendable, Hashable, Codable {
        /// Path inside the output folder.
        public var file: String
        public var split: String
        public var examples: Int
        /// Examples of this file from an earlier run that were kept with their ids.
        public var carriedOver: Int
        /// Examples from an earlier run that no longer pass (a filter changed) and were dropped.
        public var retired: Int
        /// Examples left out because another had the same messages.
        public var duplicates: Int
    }

    public struct JudgeSummary: Sendable, Hashable, Codable {
        public var judge: String
        public var passed: Int
        public var failed: Int
        /// Verdicts reused from the database (an earlier run asked the same judge the same prompt).
        public var reused: Int
    }

    mutating func removed(_ name: String, taskID: String) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].removed += 1
            if stages[index].example == nil { stages[index].example = taskID }
        } else {
            stages.append(StageCount(name: name, removed: 1, example: taskID))
        }
    }

    mutating func declare(_ name: String) {
        if !stages.contains(where: { $0.name == name }) { stages.append(StageCount(name: name, removed: 0)) }
    }

    public var description: String {
        var lines = ["\(tasks) task(s) of \(items) item(s), \(successful) successful, \(kept) kept as examples"
            + (unusable > 0 ? ", \(unusable) unusable" : "")]
        for stage in stages {
            lines.append("  \(stage.name): removed \(stage.removed)" + (stage.example.map { " (e.g. \($0))" } ?? ""))
        }
        if let judge { lines.append("  judge \(judge.judge): \(judge.passed) passed, \(judge.failed) failed, \(judge.reused) verdict(s) reused") }
        for file in excludedFiles { lines.append("  excluded questions from \(file.path) (\(file.dataset), \(file.questions) question(s))") }
        lines.append("  split: \(trainItems) train item(s), \(validationItems) validation item(s)")
        for file in files {
            var line = "  \(file.file): \(file.examples) example(s)"
            if file.carriedOver > 0 { line += ", \(file.carriedOver) kept from the last run" }
            if file.retired > 0 { line += ", \(file.retired) retired" }
            if file.duplicates > 0 { line += ", \(file.duplicates) duplicate(s) left out" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

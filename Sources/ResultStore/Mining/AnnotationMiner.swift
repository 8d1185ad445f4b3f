import AgentCore
import Foundation

/// Writes Lumos training files from the successful trajectories of a results database:
/// `lumos_{domain}_{plan|ground}_{formulation}.jsonl`, schema of lumos-spec §9.2.
public enum AnnotationMiner {
    public struct Options: Sendable {
        public var formulation: Formulation?
        public var dataset: Dataset?
        /// Also keep trajectories whose score (HotpotQA F1) reaches this value.
        public var minScore: Double?

        public init(formulation: Formulation? = nil, dataset: Dataset? = nil, minScore: Double? = nil) {
            self.formulation = formulation
            self.dataset = dataset
            self.minScore = minScore
        }
    }

    public struct FileSummary: Sendable, Hashable, Codable {
        public var file: String
        public var examples: Int
        /// Examples left out because an earlier one had the same messages.
        public var duplicates: Int
    }

    public struct Summary: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Tasks considered (one chosen attempt each, after the dataset/formulation filters).
        public var tasks: Int
        /// Tasks whose trajectory counted as successful.
        public var successful: Int
        /// Successful trajectories that could not become an example (a subgoal without actions or result).
        public var unusable: Int
        public var files: [FileSummary]

        public var description: String {
            var lines = ["\(tasks) task(s), \(successful) successful, \(unusable) unusable"]
            for file in files {
                lines.append("  \(file.file): \(file.examples) example(s)\(file.duplicates > 0 ? ", \(file.duplicates) duplicate(s) left out" : "")")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Mines `store` into `directory` (created if needed). Files are replaced whole, and each is
    /// written to a temporary name first, so a reader never sees half a file.
    public static func mine(store: TrajectoryStore, into directory: String, options: Options = Options()) throws -> Summary {
        // A damaged file can still yield rows; training data must not come from half of one.
        try store.quickCheck()
        let chosen = try store.chosenTrajectories().map(\.trajectory).filter { trajectory in
            (options.formulation.map { $0 == trajectory.task.formulation } ?? true)
                && (options.dataset.map { $0 == trajectory.task.dataset } ?? true)
        }
        var summary = Summary(tasks: chosen.count, successful: 0, unusable: 0, files: [])
        var files: [String: MinedFile] = [:]
        for trajectory in chosen where isSuccessful(trajectory, minScore: options.minScore) {
            summary.successful += 1
            let examples = AnnotationBuilder.examples(for: trajectory)
            if examples.isEmpty { summary.unusable += 1 }
            for (module, messages) in examples {
                let domain = trajectory.task.domain.rawValue
                let name = "lumos_\(domain)_\(module.rawValue)_\(trajectory.task.formulation.rawValue).jsonl"
                files[name, default: MinedFile(domain: domain)].add(messages)
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.notWritable, "Cannot create the output directory '\(directory)': check the path and its permissions.")
        }
        for name in files.keys.sorted() {
            let file = files[name]!
            try write(file.render(), to: (directory as NSString).appendingPathComponent(name))
            summary.files.append(FileSummary(file: name, examples: file.examples.count, duplicates: file.duplicates))
        }
        return summary
    }

    static func isSuccessful(_ trajectory: Trajectory, minScore: Double?) -> Bool {
        if trajectory.correct { return true }
        if let minScore, let score = trajectory.scores.f1 { return score >= minScore }
        return false
    }

    private static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError(.notWritable, "Cannot write '\(path)': check that the output directory is writable and the disk has space (\(error.localizedDescription)).")
        }
    }
}

/// The examples of one output file, deduplicated by their messages.
struct MinedFile {
    let domain: String
    private(set) var examples: [[AnnotationMessage]] = []
    private(set) var duplicates = 0
    private var seen: Set<[AnnotationMessage]> = []

    init(domain: String) { self.domain = domain }

    mutating func add(_ messages: [AnnotationMessage]) {
        if seen.insert(messages).inserted { examples.append(messages) } else { duplicates += 1 }
    }

    /// `id` counts the kept examples from 0 (`<domain>_<k>`).
    func render() -> String {
        examples.enumerated().map { k, messages in
            PythonJSON.line(dataset: domain, id: "\(domain)_\(k)", messages: messages) + "\n"
        }.joined()
    }
}

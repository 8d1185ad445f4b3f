import AgentCore
import Foundation

/// Writes Lumos training files from the successful trajectories of a results database:
/// `lumos_{domain}_{plan|ground}_{formulation}.jsonl`, schema of lumos-spec §9.2, after
/// decontamination, the quality filters, an optional judge and the per-item limit; with a
/// validation split in `validation/`, `manifest.json` and a dataset card `README.md` beside them.
public enum AnnotationMiner {
    public struct Options: Sendable {
        public var formulation: Formulation?
        public var dataset: Dataset?
        /// Also keep trajectories whose score (HotpotQA F1) reaches this value.
        public var minScore: Double?
        /// The per-trajectory quality filters, in order (`TrajectoryFilters.standard()`).
        public var filters: [any TrajectoryFilter]
        /// Examples kept per item (samples of one task), the most diverse first.
        public var maxPerItem: Int
        /// Items whose question overlaps these evaluation questions are dropped.
        public var decontaminator: Decontaminator?
        /// Share of items that go to `validation/` (0: none).
        public var validationFraction: Double
        public var judge: MiningJudge?
        /// Written to the manifest and the card: what was mined.
        public var sources: [String]
        /// Rejected trajectories are always left out; `.acceptedOnly` keeps accepted ones only.
        public var review: ReviewFilter

        public init(
            formulation: Formulation? = nil, dataset: Dataset? = nil, minScore: Double? = nil,
            filters: [any TrajectoryFilter] = TrajectoryFilters.standard(), maxPerItem: Int = 1,
            decontaminator: Decontaminator? = nil, validationFraction: Double = 0, judge: MiningJudge? = nil,
            sources: [String] = [], review: ReviewFilter = .excludeRejected
        ) {
            self.formulation = formulation
            self.dataset = dataset
            self.minScore = minScore
            self.filters = filters
            self.maxPerItem = maxPerItem
            self.decontaminator = decontaminator
            self.validationFraction = validationFraction
            self.judge = judge
            self.sources = sources
            self.review = review
        }
    }

    public typealias Summary = MiningSummary

    /// Mines `store` into `directory` (created if needed). Each file is written to a temporary
    /// name first, so a reader never sees half a file; files of an earlier run keep their examples.
    public static func mine(store: TrajectoryStore, into directory: String, options: Options = Options()) throws -> Summary {
        // A damaged file can still yield rows; training data must not come from half of one.
        try store.quickCheck()
        let chosen = try store.chosenTrajectories(review: options.review).map(\.trajectory).filter { trajectory in
            (options.formulation.map { $0 == trajectory.task.formulation } ?? true)
                && (options.dataset.map { $0 == trajectory.task.dataset } ?? true)
        }
        var summary = Summary()
        summary.tasks = chosen.count
        summary.items = Set(chosen.map(\.task.itemID)).count
        var passing: [Trajectory] = []
        let decontaminate = options.decontaminator.flatMap { $0.isEmpty ? nil : $0 }
        if decontaminate != nil { summary.declare("decontamination") }
        for filter in options.filters { summary.declare(filter.name) }
        for trajectory in chosen where isSuccessful(trajectory, minScore: options.minScore) {
            summary.successful += 1
            if let decontaminate, decontaminate.isContaminated(trajectory.task.question) {
                summary.removed("decontamination", taskID: trajectory.task.id)
                continue
            }
            if let filter = options.filters.first(where: { $0.rejects(trajectory) }) {
                summary.removed(filter.name, taskID: trajectory.task.id)
                continue
            }
            passing.append(trajectory)
        }
        if let judge = options.judge {
            summary.declare(MiningJudge.stageName)
            var judged = MiningSummary.JudgeSummary(judge: judge.model.identity.description, passed: 0, failed: 0, reused: 0)
            passing = try passing.filter { trajectory in
                let verdict = try judge.verdict(for: trajectory, store: store)
                if verdict.reused { judged.reused += 1 }
                if verdict.passed { judged.passed += 1 } else {
                    judged.failed += 1
                    summary.removed(MiningJudge.stageName, taskID: trajectory.task.id)
                }
                return verdict.passed
            }
            summary.judge = judged
        }
        summary.declare(ExampleSelector.name)
        let selector = ExampleSelector(maxPerItem: options.maxPerItem)
        let split = DatasetSplit(validationFraction: options.validationFraction)
        var files: [String: MinedFile] = [:]
        var kept: [Trajectory] = []
        var trainItems: Set<String> = []
        var validationItems: Set<String> = []
        let byItem = Dictionary(grouping: passing, by: \.task.itemID)
        for item in byItem.keys.sorted() {
            let (chosenForItem, leftOut) = selector.select(byItem[item]!)
            for trajectory in leftOut { summary.removed(ExampleSelector.name, taskID: trajectory.task.id) }
            let validation = split.isValidation(item: item)
            for trajectory in chosenForItem {
                let examples = AnnotationBuilder.examples(for: trajectory)
                if examples.isEmpty { summary.unusable += 1; continue }
                kept.append(trajectory)
                if validation { validationItems.insert(item) } else { trainItems.insert(item) }
                for (module, messages) in examples {
                    let domain = trajectory.task.domain.rawValue
                    let name = (validation ? "validation/" : "")
                        + "lumos_\(domain)_\(module.rawValue)_\(trajectory.task.formulation.rawValue).jsonl"
                    files[name, default: MinedFile(domain: domain)].add(messages)
                }
            }
        }
        summary.kept = kept.count
        summary.trainItems = trainItems.count
        summary.validationItems = validationItems.count
        summary.excludedFiles = options.decontaminator?.files ?? []
        try writeFiles(files, into: directory, summary: &summary)
        let manifest = MiningManifest(summary: summary, trajectories: kept, options: options)
        try OutputFile.write(try manifest.json(), to: (directory as NSString).appendingPathComponent("manifest.json"))
        try OutputFile.write(DatasetCard.render(manifest), to: (directory as NSString).appendingPathComponent("README.md"))
        return summary
    }

    private static func writeFiles(_ files: [String: MinedFile], into directory: String, summary: inout Summary) throws {
        let validation = files.keys.contains { $0.hasPrefix("validation/") }
        for folder in [directory] + (validation ? [(directory as NSString).appendingPathComponent("validation")] : []) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.notWritable, "Cannot create the output directory '\(folder)': check the path and its permissions.")
            }
        }
        // Files of an earlier run that this run produces nothing for are left as they were.
        for name in files.keys.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            let rendered = files[name]!.render(previous: try MinedFile.previous(at: path))
            try OutputFile.write(rendered.text, to: path)
            summary.files.append(MiningSummary.FileSummary(
                file: name, split: name.hasPrefix("validation/") ? "validation" : "train", examples: rendered.count,
                carriedOver: rendered.carriedOver, retired: rendered.retired, duplicates: files[name]!.duplicates))
        }
    }

    static func isSuccessful(_ trajectory: Trajectory, minScore: Double?) -> Bool {
        if trajectory.correct { return true }
        if let minScore, let score = trajectory.scores.f1 { return score >= minScore }
        return false
    }
}

/// Whole-file writes through a temporary name, so a reader never sees half a file.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
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

import AgentCore
import Foundation

/// `manifest.json`, written beside the mined files: what was mined, from which models and
/// sampling settings, what each stage removed and what each file holds.
public struct MiningManifest: Sendable, Codable {
    public var projectVersion: String
    public var stores: [String]
    /// Earliest and latest start time of the attempts that became examples.
    public var firstAttempt: Date?
    public var lastAttempt: Date?
    public var batches: [String]
    public var models: [Model]
    public var sampling: [SamplingEntry]
    public var validationFraction: Double
    public var maxPerItem: Int
    public var summary: MiningSummary

    public struct Model: Sendable, Hashable, Codable {
        public var module: String
        public var backend: String
        public var name: String
        public var fingerprint: String?
        public var profile: String
    }

    public struct SamplingEntry: Sendable, Hashable, Codable {
        /// nil: a single greedy attempt per item.
        public var settings: SamplingSettings?
        public var samplesPerItem: Int?
        public var stopAfterCorrect: Int?
        public var examples: Int
    }

    init(summary: MiningSummary, trajectories: [Trajectory], options: AnnotationMiner.Options) {
        projectVersion = ProjectVersion.current
        stores = options.sources
        firstAttempt = trajectories.map(\.startedAt).min()
        lastAttempt = trajectories.map(\.startedAt).max()
        batches = Set(trajectories.compactMap(\.batchId)).sorted()
        var models: Set<Model> = []
        for trajectory in trajectories {
            for (module, identity) in [("plan", trajectory.planModel), ("ground", trajectory.groundModel)] {
                models.insert(Model(module: module, backend: identity.backend.rawValue, name: identity.name,
                                    fingerprint: identity.fingerprint, profile: identity.profile))
            }
        }
        self.models = models.sorted { ($0.module, $0.name) > ($1.module, $1.name) }
        var sampling: [SamplingEntry] = []
        for trajectory in trajectories {
            let rollout = trajectory.task.rollout
            let entry = SamplingEntry(settings: rollout?.sampling, samplesPerItem: rollout?.samples,
                                      stopAfterCorrect: rollout?.stopAfterCorrect, examples: 0)
            if let index = sampling.firstIndex(where: { $0.settings == entry.settings && $0.samplesPerItem == entry.samplesPerItem && $0.stopAfterCorrect == entry.stopAfterCorrect }) {
                sampling[index].examples += 1
            } else {
                var first = entry
                first.examples = 1
                sampling.append(first)
            }
        }
        self.sampling = sampling
        validationFraction = options.validationFraction
        maxPerItem = options.maxPerItem
        self.summary = summary
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// The version of lumos-fleet that wrote a file, for manifests.
public enum ProjectVersion {
    public static let current = "0.1.0"
}

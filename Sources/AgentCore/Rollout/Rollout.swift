/// Which of several sampled attempts at one item a task is, and how it samples. Travels in the
/// task payload, so the worker applies it, and is stored with every trajectory.
public struct Rollout: Sendable, Hashable, Codable {
    /// The item's own task id (the one `submit` gives without samples).
    public var item: String
    /// 1-based sample number; the task id is `<item>~s<sample>`.
    public var sample: Int
    /// Samples submitted for the item.
    public var samples: Int
    /// This sample's own seed; every model call derives its seed from it.
    public var seed: UInt64
    public var sampling: SamplingSettings
    /// Once the item has this many correct trajectories, its remaining samples are cancelled.
    public var stopAfterCorrect: Int?

    public init(item: String, sample: Int, samples: Int, seed: UInt64, sampling: SamplingSettings, stopAfterCorrect: Int? = nil) {
        self.item = item
        self.sample = sample
        self.samples = samples
        self.seed = seed
        self.sampling = sampling
        self.stopAfterCorrect = stopAfterCorrect
    }

    /// The task id of sample `sample` of `item`.
    public static func taskID(item: String, sample: Int) -> String { "\(item)~s\(sample)" }

    /// The ids of every sample of the item.
    public var siblingTaskIDs: [String] { (1...max(samples, 1)).map { Self.taskID(item: item, sample: $0) } }

    /// The seed of one model call: the sample's seed mixed with the module and the call's turn,
    /// so calls differ from each other and a rerun of the sample repeats them exactly.
    public func seed(module: ModelCall.Module, call: Int) -> UInt64 {
        StableHash.uint64("\(seed):\(module.rawValue):\(call)")
    }
}

extension AgentTask {
    /// The item this task belongs to: the rollout's item, or the task itself.
    public var itemID: String { rollout?.item ?? id }
}

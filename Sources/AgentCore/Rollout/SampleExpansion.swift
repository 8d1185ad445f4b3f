import LumosBase

/// Turns a task list into K sampled rollouts per item (`submit --samples K`): task ids
/// `<item>~s1…~sK`, each with its own seed derived from the item, the sample and a base seed, so
/// submitting the same file again gives the same ids and seeds.
public struct SampleExpansion: Sendable, Hashable {
    public var samples: Int
    public var sampling: SamplingSettings
    public var baseSeed: UInt64
    public var stopAfterCorrect: Int?

    /// The temperature used for K > 1 when none is given (K = 1 stays greedy).
    public static let defaultTemperature = 0.7

    public init(samples: Int, sampling: SamplingSettings, baseSeed: UInt64 = 0, stopAfterCorrect: Int? = nil) {
        self.samples = samples
        self.sampling = sampling
        self.baseSeed = baseSeed
        self.stopAfterCorrect = stopAfterCorrect
    }

    /// The expansion for the submit options, or nil when tasks go out as they are (one greedy
    /// attempt, no stop rule). Throws a message for a bad combination.
    public static func from(
        samples: Int, temperature: Double?, topP: Double?, plan: ModuleSampling?, ground: ModuleSampling?,
        seed: UInt64, stopAfterCorrect: Int?
    ) throws(SampleExpansionError) -> SampleExpansion? {
        guard samples >= 1 else { throw SampleExpansionError(.badSamples, "The number of samples must be at least 1.") }
        if let temperature, temperature < 0 { throw SampleExpansionError(.badSampling, "The temperature must be 0 or more (0 is greedy).") }
        for value in [topP, plan?.topP, ground?.topP].compactMap({ $0 }) where !(value > 0 && value <= 1) {
            throw SampleExpansionError(.badSampling, "Top-p values must be more than 0 and at most 1.")
        }
        for value in [plan?.temperature, ground?.temperature].compactMap({ $0 }) where value < 0 {
            throw SampleExpansionError(.badSampling, "Per-module temperatures must be 0 or more (0 is greedy).")
        }
        if let stopAfterCorrect, stopAfterCorrect < 1 || stopAfterCorrect > samples {
            throw SampleExpansionError(.badStopRule, "The number of correct samples to stop after must be between 1 and the number of samples (\(samples)).")
        }
        let sampling = SamplingSettings(
            temperature: temperature ?? (samples > 1 ? defaultTemperature : 0), topP: topP, plan: plan, ground: ground)
        if samples == 1, sampling.isGreedy, stopAfterCorrect == nil { return nil }
        if samples > 1, sampling.isGreedy {
            throw SampleExpansionError(.greedySamples, "\(samples) samples with greedy decoding repeat one trajectory \(samples) times: give a temperature above 0.")
        }
        return SampleExpansion(samples: samples, sampling: sampling, baseSeed: seed, stopAfterCorrect: stopAfterCorrect)
    }

    public func expand(_ tasks: [AgentTask]) -> [AgentTask] {
        tasks.flatMap { task in
            (1...samples).map { sample in
                var copy = task
                copy.id = Rollout.taskID(item: task.id, sample: sample)
                copy.rollout = Rollout(
                    item: task.id, sample: sample, samples: samples,
                    seed: StableHash.uint64("\(baseSeed):\(task.id):\(sample)"),
                    sampling: sampling, stopAfterCorrect: stopAfterCorrect)
                return copy
            }
        }
    }
}

/// A rollout option that cannot work, with what to give instead.
public struct SampleExpansionError: CodedError, Sendable, Equatable {
    public enum Code: String, Sendable, Hashable {
        case badSamples = "bad_samples"
        case badSampling = "bad_sampling"
        case greedySamples = "greedy_samples"
        case badStopRule = "bad_stop_rule"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

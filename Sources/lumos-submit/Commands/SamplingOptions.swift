import AgentCore
import ArgumentParser

/// `submit`'s rollout options: K sampled attempts per item, their decoding, and the stop rule.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Attempts per item, each a task of its own (<task>~s1 … ~sK) with its own seed.")
    var samples: Int = 1

    @Option(help: "Sampling temperature for plan and ground (default: greedy for --samples 1, \(SampleExpansion.defaultTemperature) above).")
    var temperature: Double?

    @Option(name: .customLong("top-p"), help: "Nucleus sampling: keep the most likely tokens up to this total probability.")
    var topP: Double?

    @Option(name: .customLong("plan-temperature"), help: "The planner's own temperature (overrides --temperature).")
    var planTemperature: Double?

    @Option(name: .customLong("plan-top-p"), help: "The planner's own top-p.")
    var planTopP: Double?

    @Option(name: .customLong("ground-temperature"), help: "The grounder's own temperature (overrides --temperature).")
    var groundTemperature: Double?

    @Option(name: .customLong("ground-top-p"), help: "The grounder's own top-p.")
    var groundTopP: Double?

    @Option(help: "Base seed: the same file, samples and seed give the same per-sample seeds.")
    var seed: UInt64 = 0

    @Option(name: .customLong("stop-after-correct"), help: "Cancel an item's remaining samples once it has this many correct trajectories.")
    var stopAfterCorrect: Int?

    func expansion() throws -> SampleExpansion? {
        func module(_ temperature: Double?, _ topP: Double?) -> ModuleSampling? {
            temperature == nil && topP == nil ? nil : ModuleSampling(temperature: temperature, topP: topP)
        }
        do {
            return try SampleExpansion.from(
                samples: samples, temperature: temperature, topP: topP,
                plan: module(planTemperature, planTopP), ground: module(groundTemperature, groundTopP),
                seed: seed, stopAfterCorrect: stopAfterCorrect)
        } catch {
            throw ValidationError("\(error.message) (\(Self.flags(for: error.code)))")
        }
    }

    /// The flags that set what a SampleExpansionError is about (the library names none).
    static func flags(for code: SampleExpansionError.Code) -> String {
        switch code {
        case .badSamples: "--samples"
        case .badSampling: "--temperature, --top-p and their --plan-/--ground- forms"
        case .badStopRule: "--stop-after-correct, --samples"
        case .greedySamples: "--samples, --temperature"
        }
    }

    func validate() throws { _ = try expansion() }
}

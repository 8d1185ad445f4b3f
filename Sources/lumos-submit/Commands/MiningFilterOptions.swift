import AgentCore
import ArgumentParser
import LumosCLI
import ResultStore

/// `mine`'s quality, decontamination, split and judge options.
struct MiningFilterOptions: ParsableArguments {
    @Option(name: .customLong("no-filter"), help: "Switch a filter off (repeatable): \(TrajectoryFilters.names.joined(separator: ", ")).")
    var disabled: [String] = []

    @Option(name: .customLong("max-steps"), help: "Length filter: most subgoal turns in one example.")
    var maxSteps: Int = LengthFilter().maxSteps

    @Option(name: .customLong("max-chars"), help: "Length filter: most characters of subgoals and action lines in one example.")
    var maxChars: Int = LengthFilter().maxCharacters

    @Option(name: .customLong("max-per-item"), help: "Examples kept per item (the samples of one task), most diverse first.")
    var maxPerItem: Int = 1

    @Option(name: .customLong("exclude"), parsing: .upToNextOption, help: "Evaluation files whose questions must not be trained on (any format submit reads).")
    var exclude: [String] = []

    @Option(name: .customLong("exclude-dataset"), help: "The format of the --exclude files: \(Dataset.argumentNames) (default: recognised from the content).")
    var excludeDataset: Dataset?

    @Option(name: .customLong("validation-fraction"), help: "Share of items written to validation/ (by a hash of the item id).")
    var validationFraction: Double = 0

    @Option(name: .customLong("judge-model"), help: "Ask this model (GGUF path or http(s)://…/v1 URL) whether each subgoal's actions carry it out.")
    var judgeModel: String?

    @Option(name: .customLong("judge-model-name"), help: "The judge's model id, where its server needs one.")
    var judgeModelName: String?

    @Option(name: .customLong("judge-profile"), help: "The judge's prompt profile: lumos, fewshot or fewshot-gemma.")
    var judgeProfile: ModelProfile?

    func validate() throws {
        for name in disabled where !TrajectoryFilters.names.contains(name) {
            throw ValidationError("--no-filter \(name): no such filter; the filters are \(TrajectoryFilters.names.joined(separator: ", ")).")
        }
        if maxSteps < 1 || maxChars < 1 { throw ValidationError("--max-steps and --max-chars must be at least 1.") }
        if maxPerItem < 1 { throw ValidationError("--max-per-item must be at least 1.") }
        if !(0..<1).contains(validationFraction) { throw ValidationError("--validation-fraction must be at least 0 and below 1.") }
    }

    func options() throws -> AnnotationMiner.Options {
        var decontaminator = Decontaminator()
        for file in exclude {
            do {
                try decontaminator.add(file: file, dataset: excludeDataset)
            } catch {
                throw CommandFailure("\(error) (--exclude \(file))")
            }
        }
        var judge: MiningJudge?
        if let judgeModel {
            do {
                let spec = try ModelSpec(parsing: judgeModel, name: judgeModelName, profile: judgeProfile)
                judge = MiningJudge(model: try ModelFactory(apiKey: Environment.current.apiKey).make(spec))
            } catch {
                throw ValidationError("--judge-model \(judgeModel): \(error)")
            }
        }
        return AnnotationMiner.Options(
            filters: TrajectoryFilters.standard(disabled: Set(disabled), limits: LengthFilter(maxSteps: maxSteps, maxCharacters: maxChars)),
            maxPerItem: maxPerItem, decontaminator: exclude.isEmpty ? nil : decontaminator,
            validationFraction: validationFraction, judge: judge)
    }
}

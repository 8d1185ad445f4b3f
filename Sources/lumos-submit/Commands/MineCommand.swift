import AgentCore
import ArgumentParser
import ResultStore

struct MineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Write Lumos training annotations from successful trajectories.",
        discussion: """
            Writes lumos_{domain}_{plan|ground}_{iterative|onetime}.jsonl in the Lumos training \
            schema ({"dataset", "id", "messages"}), deduplicated. A trajectory counts when it is \
            correct, or when its score reaches --min-score. Trajectories rejected in the console's \
            review are left out; --reviewed-only keeps accepted ones only.
            """
    )

    @Argument(help: "A results database.")
    var database: String

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "Only this formulation: iterative or onetime.")
    var formulation: String?

    @Option(name: .customLong("min-score"), help: "Also keep trajectories whose score (HotpotQA F1) is at least this.")
    var minScore: Double?

    @Option(name: .long, help: "Only this dataset: \(Dataset.argumentNames).")
    var dataset: String?

    @Flag(name: .customLong("reviewed-only"), help: "Keep only trajectories accepted in the console's review.")
    var reviewedOnly = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if let formulation, Formulation(rawValue: formulation) == nil {
            throw ValidationError("--formulation must be 'iterative' or 'onetime'.")
        }
        if let dataset, Dataset(argument: dataset) == nil {
            throw ValidationError("--dataset must be one of \(Dataset.argumentNames).")
        }
        if let minScore, !(0...1).contains(minScore) {
            throw ValidationError("--min-score must be between 0 and 1.")
        }
    }

    func run() throws {
        let store = try TrajectoryStore.open(path: database, readOnly: true)
        defer { store.close() }
        let options = AnnotationMiner.Options(
            formulation: formulation.flatMap(Formulation.init(rawValue:)),
            dataset: dataset.flatMap(Dataset.init(argument:)),
            minScore: minScore,
            review: reviewedOnly ? .acceptedOnly : .excludeRejected
        )
        let summary = try AnnotationMiner.mine(store: store, into: out, options: options)
        if json {
            print(try CommandJSON.render(summary))
        } else {
            print("Mined \(database) into \(out): \(summary)")
        }
    }
}

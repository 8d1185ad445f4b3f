import AgentCore
import ArgumentParser
import LumosCLI
import ResultStore

struct MineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Write Lumos training annotations from successful trajectories.",
        discussion: """
            Writes lumos_{domain}_{plan|ground}_{iterative|onetime}.jsonl in the Lumos training \
            schema ({"dataset", "id", "messages"}), deduplicated. A trajectory counts when it is \
            correct, or when its score reaches --min-score.
            """
    )

    @Argument(help: "A results database.")
    var database: String

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "Only this formulation: iterative or onetime.")
    var formulation: Formulation?

    @Option(name: .customLong("min-score"), help: "Also keep trajectories whose score (HotpotQA F1) is at least this.")
    var minScore: Double?

    @Option(name: .long, help: "Only this dataset: \(Dataset.argumentNames).")
    var dataset: Dataset?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        try FlagCheck.within(minScore, 0...1, flag: "--min-score")
    }

    func run() throws {
        let store = try TrajectoryStore.open(path: database, readOnly: true)
        defer { store.close() }
        let options = AnnotationMiner.Options(
            formulation: formulation,
            dataset: dataset,
            minScore: minScore
        )
        let summary = try AnnotationMiner.mine(store: store, into: out, options: options)
        if json {
            print(try CommandJSON.render(summary))
        } else {
            print("Mined \(database) into \(out): \(summary)")
        }
    }
}

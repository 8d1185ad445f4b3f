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
            schema ({"dataset", "id", "messages"}), with validation/ files when \
            --validation-fraction is set, manifest.json and a dataset card README.md. A \
            trajectory counts when it is correct (or its score reaches --min-score) and passes \
            decontamination, the quality filters (\(TrajectoryFilters.names.joined(separator: ", "))), \
            the optional judge and the per-item limit; the summary says what each removed. \
            Mining into a folder again keeps its examples and ids and adds the new ones. \
            Trajectories rejected in the console's review are left out; --reviewed-only keeps \
            accepted ones only. See docs/mining.md.
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

    @OptionGroup(title: "Quality filters") var filters: MiningFilterOptions

    @Flag(name: .customLong("reviewed-only"), help: "Keep only trajectories accepted in the console's review.")
    var reviewedOnly = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        try FlagCheck.within(minScore, 0...1, flag: "--min-score")
    }

    func run() throws {
        do {
            // The judge stores its verdicts in the database, so it needs write access.
            let store = try TrajectoryStore.open(path: database, readOnly: filters.judgeModel == nil)
            defer { store.close() }
            var options = try filters.options()
            options.formulation = formulation
            options.dataset = dataset
            options.minScore = minScore
            options.sources = [database]
            options.review = reviewedOnly ? .acceptedOnly : .excludeRejected
            let summary = try AnnotationMiner.mine(store: store, into: out, options: options)
            if json {
                print(try CommandJSON.render(summary))
            } else {
                print("Mined \(database) into \(out): \(summary)")
            }
        } catch let error as StoreError {
            printError("Error: \(error.message)")
            throw ExitCode(1)
        }
    }
}

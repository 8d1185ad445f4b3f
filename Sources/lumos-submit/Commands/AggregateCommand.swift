import ArgumentParser
import LumosCLI
import ResultStore

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Merge worker databases, one result per task.",
        discussion: """
            Per task, a completed trajectory is kept over an infrastructure failure, then the \
            latest attempt. Running it again with the same inputs adds nothing.
            """
    )

    @Option(name: .long, help: "The results database to merge into (created if missing).")
    var into: String

    @Argument(help: "Worker databases to read.")
    var inputs: [String]

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Name at least one worker database to merge.") }
    }

    func run() throws {
        let summary = try Aggregator.merge(inputs: inputs, into: into)
        if json {
            print(try CommandJSON.render(summary))
        } else {
            print("Merged \(inputs.count) database(s) into \(into): \(summary)")
        }
    }
}

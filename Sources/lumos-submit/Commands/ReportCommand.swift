import ArgumentParser
import LumosCLI
import ResultStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print accuracy, terminations, latency and model statistics.",
        discussion: "Counts the chosen attempt of each task (see 'aggregate'), per dataset and formulation."
    )

    @Argument(help: "A results database (a worker's file or an aggregated one).")
    var database: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let store = try TrajectoryStore.open(path: database, readOnly: true)
        defer { store.close() }
        let report = try Report.build(from: store)
        print(json ? try report.renderJSON() : report.renderText(), terminator: "")
    }
}

import ArgumentParser

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print accuracy, terminations, latency and model statistics."
    )

    func run() throws {
        throw ValidationError("'report' is not built yet.")
    }
}

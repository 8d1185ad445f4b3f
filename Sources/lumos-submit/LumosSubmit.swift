import ArgumentParser

@main
struct LumosSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lumos-submit",
        abstract: "Submits agent tasks, follows batches, and turns results into reports and training data.",
        subcommands: [
            SubmitCommand.self,
            StatusCommand.self,
            WaitCommand.self,
            CollectCommand.self,
            AggregateCommand.self,
            ReportCommand.self,
            MineCommand.self,
            DeadCommand.self,
            BenchCommand.self,
            DemoCommand.self,
            ConsoleCommand.self,
            ConsoleBenchCommand.self,
        ]
    )
}

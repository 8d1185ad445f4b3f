import ArgumentParser

@main
struct LumosWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lumos-worker",
        abstract: "Runs Lumos agent tasks from a Redis queue on the built-in CPU engine.",
        subcommands: [
            RunCommand.self,
            RunTaskCommand.self,
            ExecuteCommand.self,
            TokenizeCommand.self,
            LogitsCommand.self,
            GenerateCommand.self,
            PerplexityCommand.self,
            BenchCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}

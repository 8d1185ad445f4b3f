import AgentCore
import ArgumentParser
import Foundation
import LumosCLI

struct RunTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-task",
        abstract: "Run one agent task and print its trajectory as JSON."
    )

    @Option(help: "maths or qa.")
    var domain: Domain

    @Option(help: "iterative (Lumos-I) or onetime (Lumos-O).")
    var formulation: Formulation = .iterative

    @Option(help: "The task's question.")
    var question: String

    @Option(help: "The gold answer (GSM8K rationales ending in '#### n' are accepted).")
    var answer: String?

    @Option(help: "\(Dataset.spelledOut) (custom JSONL); it picks the loop settings and the scorer. Default: gsm8k for maths, hotpotqa for qa.")
    var dataset: Dataset?

    @Option(help: "Override the dataset's turn budget (plan and ground turns together).")
    var maxTurns: Int?

    @Flag(help: "Reproduce the reference eval's strings exactly instead of the training-aligned fixes.")
    var reference = false

    @OptionGroup var models: AgentModelOptions

    func validate() throws {
        try FlagCheck.within(maxTurns, 1...1000, flag: "--max-turns")
    }

    func run() throws {
        let dataset = self.dataset ?? (domain == .maths ? .gsm8k : .hotpotqa)
        if let owner = dataset.domain, owner != domain {
            throw ValidationError("The dataset \(dataset.rawValue) belongs to the \(owner.rawValue) domain, not \(domain.rawValue).")
        }
        let built = try models.makeModels(needsQA: domain == .complexQA)
        let configuration = AgentConfiguration(
            planner: built.planner, grounder: built.grounder, qaModel: built.qa,
            knowledge: domain == .complexQA ? try models.knowledge.makeKnowledge() : nil,
            maxTurns: maxTurns, deviations: reference ? .reference : .trainingAligned)
        let task = AgentTask(id: "run-task", dataset: dataset, domain: domain, formulation: formulation,
                             question: question, answer: answer, source: "command line")
        let trajectory = AgentRunner(configuration: configuration).run(task, attempt: 1, cancel: CancellationFlag())
        FileHandle.standardOutput.write(try trajectory.encoded(pretty: true))
        FileHandle.standardOutput.write(Data("\n".utf8))
        // The trajectory is printed either way; the status tells scripts the model was never run.
        if trajectory.termination == .modelError || trajectory.termination == .inputError {
            FileHandle.standardError.write(Data("Error: \(trajectory.terminationDetail ?? trajectory.termination.rawValue)\n".utf8))
            throw ExitCode(trajectory.termination == .inputError ? 2 : 1)
        }
    }
}

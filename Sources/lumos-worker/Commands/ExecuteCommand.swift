import AgentCore
import ArgumentParser
import Foundation
import LumosCLI

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Execute an action line with the tools and print each variable.",
        discussion: """
            Example: lumos-worker execute --domain maths 'R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)'
            Exits 0 when every action ran, 1 when an action did not parse or its tool failed (the \
            variables computed before it are still printed, the error goes to stderr or into \
            the JSON's errors), 64 for unusable flags.
            """
    )

    @Option(help: "maths or qa.")
    var domain: Domain

    @Argument(help: "The action line, e.g. 'R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)'.")
    var actions: String

    @Flag(help: "Print one JSON object: variables (R1… → value) and the errors of failed actions.")
    var json = false

    @OptionGroup var models: AgentModelOptions

    func run() throws {
        var executor = ActionLineExecutor(domain: domain)
        if domain == .complexQA {
            executor.knowledge = try models.knowledge.makeKnowledge()
            // QA actions need a model; without one configured they are reported as tool errors.
            if models.hasQAModel() {
                executor.qaModel = try models.makeModels(needsQA: true).qa
            }
        }
        let result = executor.run(actions)
        if json {
            FileHandle.standardOutput.write(try Self.json(result))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            for variable in result.variables { print("\(variable.name) = \(variable.value)") }
            for failed in result.errors {
                FileHandle.standardError.write(Data("error: \(failed.raw): \(failed.error ?? "")\n".utf8))
            }
            if let stopped = result.stopped { FileHandle.standardError.write(Data("error: \(stopped)\n".utf8)) }
        }
        if !result.errors.isEmpty || result.stopped != nil { throw ExitCode.failure }
    }

    static func json(_ result: ActionLineExecutor.Result) throws -> Data {
        var variables: [String: String] = [:]
        for variable in result.variables { variables[variable.name] = variable.value }
        var errors = result.errors.map { ["action": $0.raw, "error": $0.error ?? ""] }
        if let stopped = result.stopped { errors.append(["action": "", "error": stopped]) }
        let object: [String: Any] = ["variables": variables, "errors": errors]
        return try CommandJSON.data(object: object)
    }
}

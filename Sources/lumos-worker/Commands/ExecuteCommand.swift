import AgentCore
import ArgumentParser
import Foundation

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Execute an action line with the tools and print each variable.",
        discussion: "Example: lumos-worker execute --domain maths 'R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)'"
    )

    @Option(help: "maths or qa.")
    var domain: String

    @Argument(help: "The action line, e.g. 'R1 = Calculator(16 - 3 - 4); R2 = Calculator(R1 * 2)'.")
    var actions: String

    @Flag(help: "Print one JSON object: variables (R1… → value) and the errors of failed actions.")
    var json = false

    @Option(help: "Offline SQLite FTS5 knowledge base for KnowledgeQuery instead of MediaWiki (env LUMOS_KNOWLEDGE_DB).")
    var knowledgeDB: String?

    @OptionGroup var models: AgentModelOptions

    func run() throws {
        guard let domain = Domain(argument: domain) else {
            throw ValidationError("Unknown domain \(self.domain.debugDescription); use maths or qa.")
        }
        var executor = ActionLineExecutor(domain: domain)
        if domain == .complexQA {
            executor.knowledge = try knowledge()
            // QA actions need a model; without one configured they are reported as tool errors.
            if models.qaModel != nil || models.planModel != nil || ProcessInfo.processInfo.environment["LUMOS_QA_MODEL"] != nil {
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
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func knowledge() throws -> any KnowledgeSource {
        try models.makeKnowledge(database: knowledgeDB)
    }
}

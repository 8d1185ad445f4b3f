import Foundation
import Maths

/// The execution module (lumos-spec §1.1, §7): parses grounded actions, substitutes variables,
/// runs the domain's tools and keeps the variable table of one attempt.
final class ExecutionModule {
    /// Per-line facts some complex-QA tools depend on (spec §5.2–5.3).
    struct LineContext {
        var step: Int
        /// The subgoals this line serves; QA `Calculator` asks about the last one.
        var subgoals: [String]
        /// HotpotQA onetime: the last action first asks the task's own question.
        var originalQuestion: String? = nil
        /// StrategyQA onetime: the last action (when it is not the only one) must answer yes/no.
        var mustAnswerYesNo = false
    }

    let task: AgentTask
    let dataset: Dataset
    let deviations: ReferenceDeviations
    let knowledge: (any KnowledgeSource)?
    let qa: ModuleCaller?
    let allowCode: Bool
    let stripValues: Bool
    let toolbox = MathsToolbox()
    let retrievalLimit = 5

    private(set) var table: [String: VariableValue] = [:]
    /// Table keys in first-insertion order (Python dict order), for the QA final-answer context.
    private(set) var insertionOrder: [String] = []

    init(
        task: AgentTask, dataset: Dataset, deviations: ReferenceDeviations, knowledge: (any KnowledgeSource)?,
        qa: ModuleCaller?, allowCode: Bool
    ) {
        self.task = task
        self.dataset = dataset
        self.deviations = deviations
        self.knowledge = knowledge
        self.qa = qa
        self.allowCode = allowCode
        // Onetime stores stripped values (spec §5.1); iterative keeps SolveEquation's " 6" unless fixed.
        self.stripValues = task.formulation == .onetime || deviations.contains(.stripSolveEquationValues)
    }

    /// Parses and runs one action; model failures of the QA tool end the attempt by throwing.
    func execute(_ text: String, context: LineContext) throws(AgentStop) -> ActionOutcome {
        let started = DispatchTime.now().uptimeNanoseconds
        var outcome = ActionOutcome(record: ActionRecord(step: context.step, raw: text.pythonStripped))
        do {
            let action = try ActionParser.parse(text, variant: ActionParser.Variant(domain: task.domain), deviations: deviations)
            outcome.record.name = action.name
            outcome.record.outputs = action.outputs
            outcome.record.arguments = action.arguments
            switch task.domain {
            case .maths: try runMaths(action, into: &outcome)
            case .complexQA: try runQA(action, context: context, into: &outcome)
            }
        } catch let error as ActionParseError {
            outcome.failure = .parse(error.description)
        } catch let stop as AgentStop {
            throw stop
        } catch {
            outcome.failure = .tool("\(error)")
        }
        if let failure = outcome.failure {
            outcome.record.error = failure.message
        } else {
            bind(outcome.values, to: outcome.record.outputs)
            outcome.record.result = outcome.values.map(\.description).joined(separator: ", ")
        }
        outcome.record.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return outcome
    }

    private func bind(_ values: [VariableValue], to outputs: [String]) {
        for (name, value) in zip(outputs, values) {
            if table[name] == nil { insertionOrder.append(name) }
            table[name] = value
        }
    }

    /// The value of the highest-numbered `R` variable (spec §4.1), or `Output` where it counts.
    func finalValue(preferOutput: Bool) -> VariableValue? {
        if preferOutput, let output = table["Output"] { return output }
        let numbered = table.keys.compactMap { key in ActionParser.variableNumber(key).map { ($0, key) } }
        guard let best = numbered.max(by: { $0.0 < $1.0 }) else { return nil }
        return table[best.1]
    }

    /// Every text value holding a QA result, in insertion order (spec §7.2 final-answer context).
    var qaContext: String {
        insertionOrder.compactMap { table[$0]?.text }.filter { $0.contains("Question: ") }
            .map { $0 + "; " }.joined().pythonStripped
    }

    var isEmpty: Bool { table.isEmpty }

    /// Without `allowCode`, `Code` actions are recorded, never run; with it they run only in a `CodeSandbox`
    /// (`ExecutionModule+Code.swift`), whose own error says why when none can be made.
    var codeNotEnabled: String { "Code is not enabled: generated code is never executed." }
}

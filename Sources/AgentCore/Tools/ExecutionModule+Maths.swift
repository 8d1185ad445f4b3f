import Foundation
import Maths

/// Maths tools (lumos-spec §7.1) on the local maths engine in place of Wolfram Alpha.
extension ExecutionModule {
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func runMaths(_ action: ParsedAction, into outcome: inout ActionOutcome) throws {
        let substituted: String
        do {
            substituted = try VariableSubstitution.maths(action.arguments, table: table, deviations: deviations)
        } catch {
            outcome.failure = .tool(error.description)
            return
        }
        outcome.record.substitutedArguments = substituted
        let result: String
        switch action.name {
        case "Code":
            switch runCode(substituted) {
            case .success(let output): result = output
            case .failure(let failure):
                outcome.failure = .tool(failure.description)
                return
            }
        case let name where (name == "Count" || name == "SolveInequality") && !deviations.contains(.runCountAndSolveInequality):
            outcome.failure = .tool("\(action.name) is offered by the prompt but not run by the reference (lumos-spec §12.14).")
            return
        case let name where name.isEmpty || MathsToolbox.toolNames.contains(name):
            do {
                result = try toolbox.run(tool: name, argument: substituted)
            } catch {
                outcome.failure = .tool("\(name.isEmpty ? "The assignment" : name) failed: \(error)")
                return
            }
        default:
            outcome.failure = .parse("\(action.name.debugDescription) is not a maths action (Calculator, SetEquation, SolveEquation, Count, SolveInequality, Code, Define).")
            return
        }
        guard !result.pythonStripped.isEmpty else {
            outcome.failure = .tool("\(action.name.isEmpty ? "The assignment" : action.name) returned an empty result.")
            return
        }
        if action.name == "SolveEquation" || action.outputs.count > 1 {
            let pieces = action.name == "SolveEquation" ? MathsToolbox.solutionValues(result) : result.components(separatedBy: ", ")
            guard pieces.count >= action.outputs.count else {
                outcome.failure = .tool("\(action.name) returned \(pieces.count) value(s) for \(action.outputs.count) output variable(s): \(result)")
                return
            }
            outcome.values = pieces.prefix(action.outputs.count).map { .text(stripValues ? $0.pythonStripped : $0) }
        } else {
            outcome.values = [.text(result.pythonStripped)]
        }
    }
}

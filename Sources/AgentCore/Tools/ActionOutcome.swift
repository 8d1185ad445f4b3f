import Foundation

/// What executing one action produced: the values bound to its outputs, or why it failed.
struct ActionOutcome {
    enum Failure: Equatable {
        /// The text is not an action of the grammar, or names a tool the domain does not have.
        case parse(String)
        /// The tool ran and failed, or returned nothing.
        case tool(String)

        var message: String {
            switch self {
            case .parse(let message), .tool(let message): message
            }
        }
    }

    var record: ActionRecord
    var values: [VariableValue] = []
    var failure: Failure?
    /// Complex QA tolerates some tool errors (spec §7.5): the variable stays unset and the line
    /// goes on. Everything else ends the line (and, in maths, the attempt).
    var endsExecution = true

    /// The reference's action-log entry (spec §4.1): `action = value`, or the action alone.
    var logEntry: String {
        guard failure == nil, !values.isEmpty else { return record.raw }
        return record.raw + " = " + values.map(\.description).joined(separator: ", ")
    }
}

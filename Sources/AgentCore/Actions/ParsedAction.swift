import Foundation
import LumosBase

/// One action of a grounding line, split as the reference `parse_actions` does (lumos-spec §6.3).
public struct ParsedAction: Sendable, Hashable {
    /// The action text as written (stripped).
    public var raw: String
    /// Output variables, e.g. `["R5", "R6"]`.
    public var outputs: [String]
    /// The tool name; `""` for the `Output = R9 = 40` assignment form.
    public var name: String
    public var arguments: String

    public init(raw: String, outputs: [String], name: String, arguments: String) {
        self.raw = raw
        self.outputs = outputs
        self.name = name
        self.arguments = arguments
    }
}

/// Why an action's text could not be read as `R1 = Tool(args)`.
public struct ActionParseError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        case emptyLine = "empty_line"
        case missingAssignment = "missing_assignment"
        case missingCall = "missing_call"
        case unbalancedParentheses = "unbalanced_parentheses"
        case trailingText = "trailing_text"
        case invalidOutput = "invalid_output"
        case invalidName = "invalid_name"
    }

    public var code: Code
    public var action: String
    public var message: String

    public init(_ code: Code, action: String, _ message: String) {
        self.code = code
        self.action = action
        self.message = message
    }

    public var description: String { "\(message) (action: \(action.debugDescription))" }
}

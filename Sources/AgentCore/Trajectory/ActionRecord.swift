/// One executed (or rejected) action from a grounding line.
public struct ActionRecord: Sendable, Hashable, Codable {
    /// 1-based subgoal number.
    public var step: Int
    /// The action text as the grounder wrote it.
    public var raw: String
    /// Parsed tool name, nil when the text did not parse.
    public var name: String?
    public var outputs: [String]
    /// Arguments as written.
    public var arguments: String?
    /// Arguments after variable substitution, as sent to the tool.
    public var substitutedArguments: String?
    /// The tool's result, formatted as the loop and the scorer read it.
    public var result: String?
    public var error: String?
    public var milliseconds: Double

    public init(
        step: Int, raw: String, name: String? = nil, outputs: [String] = [], arguments: String? = nil,
        substitutedArguments: String? = nil, result: String? = nil, error: String? = nil, milliseconds: Double = 0
    ) {
        self.step = step
        self.raw = raw
        self.name = name
        self.outputs = outputs
        self.arguments = arguments
        self.substitutedArguments = substitutedArguments
        self.result = result
        self.error = error
        self.milliseconds = milliseconds
    }
}

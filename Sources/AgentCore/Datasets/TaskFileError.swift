import LumosBase

/// A task file that cannot be read at all. Single bad lines are not errors: they are listed in
/// `TaskFile.badLines`, and the caller decides (submit refuses them unless told to skip them).
public struct TaskFileError: CodedError, Sendable, Equatable {
    public enum Code: String, Sendable, Hashable {
        case unreadable
        case empty
        case notJSON = "not_json"
        case unknownFormat = "unknown_format"
        case wrongFormat = "wrong_format"
        case badLines = "bad_lines"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

}

/// One line (JSONL) or array item (JSON) that did not become a task.
public struct BadLine: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line in the file where the line or item starts.
    public var line: Int
    /// 1-based item index for JSON arrays; nil for JSONL.
    public var item: Int?
    public var reason: String

    public init(line: Int, item: Int? = nil, reason: String) {
        self.line = line
        self.item = item
        self.reason = reason
    }

    public var description: String {
        if let item { return "line \(line) (item \(item)): \(reason)" }
        return "line \(line): \(reason)"
    }
}

import AgentCore
import Foundation

/// Drops items whose question overlaps an evaluation set (`mine --exclude FILE…`): a shared run
/// of `spanLength` normalised tokens, or, for an evaluation question shorter than that, the
/// whole normalised question being equal. The 13-token span is the test GPT-3 and later model
/// reports use for benchmark contamination.
public struct Decontaminator: Sendable {
    public static let spanLength = 13

    /// The files read, with how many questions each gave.
    public private(set) var files: [ExcludedFile] = []
    private var spans: Set<[String]> = []
    private var shortQuestions: Set<[String]> = []

    public struct ExcludedFile: Sendable, Hashable, Codable {
        public var path: String
        public var dataset: String
        public var questions: Int
    }

    public init() {}

    /// Reads an evaluation file in any format `submit` reads (`dataset` nil: recognised from
    /// the content). Bad lines are skipped: a contamination check wants every question it can get.
    public mutating func add(file path: String, dataset: Dataset? = nil) throws {
        let taskFile: TaskFile
        do {
            taskFile = try TaskFileReader.read(path: path, dataset: dataset)
        } catch let error as TaskFileError {
            throw StoreError(.badInput, "Cannot read the evaluation file whose questions are to be excluded: \(error.message)")
        }
        for task in taskFile.tasks { add(question: task.question) }
        files.append(ExcludedFile(path: path, dataset: taskFile.dataset.rawValue, questions: taskFile.tasks.count))
    }

    public mutating func add(question: String) {
        let tokens = TextNormalizer.tokens(question)
        if tokens.count < Self.spanLength {
            shortQuestions.insert(tokens)
        } else {
            for start in 0...(tokens.count - Self.spanLength) { spans.insert(Array(tokens[start..<start + Self.spanLength])) }
        }
    }

    public var isEmpty: Bool { spans.isEmpty && shortQuestions.isEmpty }

    /// True when `question` overlaps an evaluation question.
    public func isContaminated(_ question: String) -> Bool {
        let tokens = TextNormalizer.tokens(question)
        if shortQuestions.contains(tokens) { return true }
        guard tokens.count >= Self.spanLength else { return false }
        for start in 0...(tokens.count - Self.spanLength) where spans.contains(Array(tokens[start..<start + Self.spanLength])) {
            return true
        }
        return false
    }
}

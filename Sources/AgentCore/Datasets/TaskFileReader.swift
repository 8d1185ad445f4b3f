import Foundation

/// Reads benchmark task files into `AgentTask`s.
///
/// Formats (lumos-spec §8.2 and the issue): GSM8K JSONL (`question`, `answer` ending `#### n`),
/// SVAMP JSON array (`ID`, `Body`, `Question`, `Equation`, `Answer`), HotpotQA JSON array
/// (`question`, `answer`, `type`), StrategyQA JSON array (`question`, `answer: bool`), and
/// generic JSONL (`id`, `question`, `answer`, `domain`). Without a dataset the format is
/// recognised from the content.
///
/// Task ids are stable: `<dataset>-<first 12 hex digits of sha256(basename \n position \n
/// formulation \n question)>`, where position is the 1-based line (JSONL) or item (JSON array).
/// The same file submitted twice gives the same ids; the same question in the other
/// formulation gets another id. Generic JSONL lines with an `id` use `<id>-<formulation>`.
public enum TaskFileReader {
    public static func read(path: String, dataset: Dataset? = nil, formulation: Formulation = .iterative, limit: Int? = nil) throws -> TaskFile {
        try read(data: readAll(path), path: path, dataset: dataset, formulation: formulation, limit: limit)
    }

    /// The whole file, read as a stream so pipes, `/dev/stdin` and `-` (standard input) work too.
    static func readAll(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TaskFileError(.unreadable, "'\(path)' is a directory: name a task file (JSONL or a JSON array).")
        }
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw TaskFileError(.unreadable, "Cannot read the task file '\(path)' (\(reason)): check the path and its permissions.")
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw TaskFileError(.unreadable, "Cannot read the task file '\(path)' (\(error.localizedDescription)): check the path and its permissions.")
        }
    }

    /// Reads file content; `path` names the file in ids and messages.
    public static func read(data: Data, path: String, dataset: Dataset? = nil, formulation: Formulation = .iterative, limit: Int? = nil) throws -> TaskFile {
        let bytes = [UInt8](data)
        guard let first = bytes.first(where: { !isJSONWhitespace($0) }) else {
            throw TaskFileError(.empty, "The task file '\(path)' is empty: it needs one task per line (JSONL) or a JSON array of tasks.")
        }
        let entries: [Entry]
        let container: Container
        if first == UInt8(ascii: "[") {
            container = .array
            entries = try arrayEntries(bytes, path: path)
        } else {
            container = .lines
            entries = lineEntries(bytes)
        }
        let chosen: Dataset
        if let dataset {
            chosen = dataset
            if let expected = expectedContainer(dataset), expected != container {
                let hint = detect(entries, container: container).map { " This file looks like \($0.rawValue)." } ?? ""
                throw TaskFileError(.wrongFormat, "'\(path)' is \(container.name), but \(dataset.rawValue) task files are \(expected.name): check the dataset named.\(hint)")
            }
        } else {
            guard let detected = detect(entries, container: container) else {
                throw TaskFileError(.unknownFormat, "Cannot tell which dataset '\(path)' holds: name it (\(Dataset.argumentNames)).")
            }
            chosen = detected
        }

        var builder = TaskBuilder(path: path, dataset: chosen, formulation: formulation)
        var tasks: [AgentTask] = []
        var bad: [BadLine] = []
        var missingFieldOnly = true
        for entry in entries {
            if let limit, tasks.count >= limit { break }
            switch entry.value {
            case .invalid(let reason):
                missingFieldOnly = false
                bad.append(BadLine(line: entry.line, item: entry.item, reason: reason))
            case .value(let value):
                switch builder.task(from: value, line: entry.line, position: entry.item ?? entry.line) {
                case .success(let task): tasks.append(task)
                case .failure(let problem):
                    if !problem.isMissingField { missingFieldOnly = false }
                    bad.append(BadLine(line: entry.line, item: entry.item, reason: problem.reason))
                }
            }
        }
        // A file of another dataset makes every entry miss a field: say so once, not per line.
        if tasks.isEmpty, !bad.isEmpty, missingFieldOnly, dataset != nil {
            let hint = detect(entries, container: container).map { " It looks like \($0.rawValue)." } ?? ""
            throw TaskFileError(.wrongFormat, "No entry of '\(path)' has the fields of \(chosen.rawValue) (first: \(bad[0])): check the dataset named.\(hint)")
        }
        return TaskFile(path: path, dataset: chosen, detected: dataset == nil, tasks: tasks, badLines: bad)
    }

    // MARK: Containers

    enum Container: Equatable {
        case lines, array
        var name: String { self == .lines ? "JSONL (one object per line)" : "a JSON array" }
    }

    static func expectedContainer(_ dataset: Dataset) -> Container? {
        switch dataset {
        case .gsm8k: .lines
        case .svamp, .hotpotqa, .strategyqa: .array
        case .custom: nil
        }
    }

    enum Parsed {
        case value(JSONValue)
        case invalid(String)
    }

    struct Entry {
        var line: Int
        var item: Int?
        var value: Parsed
    }

    static func lineEntries(_ bytes: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        let decoder = JSONDecoder()
        for (index, slice) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let trimmed = slice.drop(while: isJSONWhitespace).reversed().drop(while: isJSONWhitespace).reversed()
            guard !trimmed.isEmpty else { continue }
            let line = index + 1
            guard String(validating: Array(trimmed), as: UTF8.self) != nil else {
                entries.append(Entry(line: line, value: .invalid("not valid UTF-8")))
                continue
            }
            do {
                entries.append(Entry(line: line, value: .value(try decoder.decode(JSONValue.self, from: Data(trimmed)))))
            } catch {
                entries.append(Entry(line: line, value: .invalid("not valid JSON")))
            }
        }
        return entries
    }

    static func arrayEntries(_ bytes: [UInt8], path: String) throws -> [Entry] {
        let items: [JSONValue]
        do {
            items = try JSONDecoder().decode([JSONValue].self, from: Data(bytes))
        } catch {
            let location = JSONItemLocator.syntaxErrorLine(bytes).map { " near line \($0)" } ?? ""
            throw TaskFileError(.notJSON, "'\(path)' starts like a JSON array but is not valid JSON\(location): fix the file, or convert it to JSONL (one task per line).")
        }
        let lines = JSONItemLocator.itemStartLines(bytes)
        return items.enumerated().map { index, value in
            Entry(line: index < lines.count ? lines[index] : 1, item: index + 1, value: .value(value))
        }
    }

    // MARK: Detection

    static func detect(_ entries: [Entry], container: Container) -> Dataset? {
        for entry in entries.prefix(20) {
            guard case .value(.object(let object)) = entry.value else { continue }
            if object["Body"] != nil, object["Question"] != nil { return .svamp }
            if object["domain"] != nil, object["question"] != nil { return .custom }
            guard object["question"] != nil else { continue }
            switch object["answer"] {
            case .bool: return .strategyqa
            case .string(let answer) where container == .lines && answer.contains("####"): return .gsm8k
            case .string where container == .array && object["type"] != nil: return .hotpotqa
            default: continue
            }
        }
        return nil
    }

    static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

import Foundation

/// The examples of one output file, deduplicated by their messages. Mining again into the same
/// folder keeps the examples an earlier run wrote, in their order and with their ids, and
/// numbers new ones after them, so a grown database only adds lines.
struct MinedFile {
    let domain: String
    private(set) var examples: [[AnnotationMessage]] = []
    private(set) var duplicates = 0
    private var seen: Set<[AnnotationMessage]> = []

    init(domain: String) { self.domain = domain }

    mutating func add(_ messages: [AnnotationMessage]) {
        if seen.insert(messages).inserted { examples.append(messages) } else { duplicates += 1 }
    }

    struct Rendered {
        var text: String
        var count: Int
        var carriedOver: Int
        var retired: Int
    }

    /// `previous`: the lines of the file an earlier run wrote (empty for a new file). Ids are
    /// `<domain>_<k>`, counting from 0 as Lumos's own files do.
    func render(previous: [PreviousExample]) -> Rendered {
        var lines: [String] = []
        var carried: Set<[AnnotationMessage]> = []
        var retired = 0
        var next = 0
        for old in previous {
            if let k = Int(old.id.dropFirst(domain.count + 1)), old.id.hasPrefix(domain + "_") { next = max(next, k + 1) }
            if seen.contains(old.messages), carried.insert(old.messages).inserted {
                lines.append(PythonJSON.line(dataset: domain, id: old.id, messages: old.messages))
            } else {
                retired += 1
            }
        }
        next = max(next, previous.count)
        for messages in examples where !carried.contains(messages) {
            lines.append(PythonJSON.line(dataset: domain, id: "\(domain)_\(next)", messages: messages))
            next += 1
        }
        return Rendered(text: lines.map { $0 + "\n" }.joined(), count: lines.count, carriedOver: carried.count, retired: retired)
    }

    /// One line of an earlier output file.
    struct PreviousExample: Decodable {
        var id: String
        var messages: [AnnotationMessage]
    }

    /// The examples of an existing output file; a missing file has none. A line that does not
    /// read is an error: the folder holds something else, and overwriting it would lose it.
    static func previous(at path: String) throws -> [PreviousExample] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var result: [PreviousExample] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            do {
                result.append(try JSONDecoder().decode(PreviousExample.self, from: Data(line.utf8)))
            } catch {
                throw StoreError(.badInput, "'\(path)' line \(number + 1) is not a Lumos training example: mine into an empty folder or remove the file.")
            }
        }
        return result
    }
}

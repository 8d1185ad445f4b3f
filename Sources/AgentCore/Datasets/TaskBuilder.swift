import Foundation

/// Turns one parsed entry of a task file into an `AgentTask`, or says why it cannot.
struct TaskBuilder {
    let path: String
    let basename: String
    let dataset: Dataset
    let formulation: Formulation
    private var seenIDs: Set<String> = []

    struct Problem: Error {
        var reason: String
        var isMissingField = false
    }

    init(path: String, dataset: Dataset, formulation: Formulation) {
        self.path = path
        self.basename = path.split(separator: "/").last.map(String.init) ?? path
        self.dataset = dataset
        self.formulation = formulation
    }

    mutating func task(from value: JSONValue, line: Int, position: Int) -> Result<AgentTask, Problem> {
        do {
            return .success(try makeTask(value, line: line, position: position))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(reason: "\(error)"))
        }
    }

    private mutating func makeTask(_ value: JSONValue, line: Int, position: Int) throws -> AgentTask {
        guard case .object(let object) = value else {
            throw Problem(reason: "expected an object, found \(value.kindName)")
        }
        let question: String
        let answer: String?
        var domain = dataset.domain
        var explicitID: String?
        switch dataset {
        case .gsm8k:
            question = try string(object, "question")
            let rationale = try string(object, "answer")
            guard rationale.contains("####") else { throw Problem(reason: "field 'answer' has no '#### <number>' gold marker") }
            answer = rationale
        case .svamp:
            // Lumos builds the task as Body + " " + Question (lumos-spec §4.2).
            question = try string(object, "Body") + " " + string(object, "Question")
            answer = try numberText(object, "Answer")
        case .hotpotqa:
            question = try string(object, "question")
            answer = try string(object, "answer")
        case .strategyqa:
            question = try string(object, "question")
            guard let raw = object["answer"] else { throw Problem(reason: "missing field 'answer'", isMissingField: true) }
            guard case .bool(let flag) = raw else { throw Problem(reason: "field 'answer' must be a boolean, found \(raw.kindName)") }
            answer = flag ? "true" : "false"
        case .custom:
            question = try string(object, "question")
            let domainText = try string(object, "domain")
            guard let parsed = Domain(argument: domainText) else {
                throw Problem(reason: "field 'domain' is '\(domainText)'; expected 'maths' or 'complex_qa'")
            }
            domain = parsed
            answer = try optionalScalarText(object, "answer")
            explicitID = try optionalScalarText(object, "id")
        }
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw Problem(reason: "the question is empty") }
        let id: String
        if let explicitID {
            guard !explicitID.isEmpty, explicitID.unicodeScalars.allSatisfy(Self.isIDCharacter) else {
                throw Problem(reason: "field 'id' must be letters, digits, '.', '_', ':' or '-'")
            }
            id = "\(explicitID)-\(formulation.rawValue)"
        } else {
            id = Self.stableID(dataset: dataset, basename: basename, position: position, formulation: formulation, question: question)
        }
        guard seenIDs.insert(id).inserted else { throw Problem(reason: "duplicate id '\(explicitID ?? id)'") }
        return AgentTask(
            id: id, dataset: dataset, domain: domain ?? .maths, formulation: formulation,
            question: question, answer: answer, source: "\(basename):\(line)"
        )
    }

    /// `<dataset>-<first 12 hex of sha256(basename \n position \n formulation \n question)>`.
    static func stableID(dataset: Dataset, basename: String, position: Int, formulation: Formulation, question: String) -> String {
        let digest = SHA256.hex("\(basename)\n\(position)\n\(formulation.rawValue)\n\(question)")
        return "\(dataset.rawValue)-\(digest.prefix(12))"
    }

    private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_:".unicodeScalars.contains(scalar))
    }

    private func string(_ object: [String: JSONValue], _ key: String) throws -> String {
        guard let value = object[key] else { throw Problem(reason: "missing field '\(key)'", isMissingField: true) }
        guard case .string(let text) = value else { throw Problem(reason: "field '\(key)' must be a string, found \(value.kindName)") }
        return text
    }

    private func numberText(_ object: [String: JSONValue], _ key: String) throws -> String {
        guard let value = object[key] else { throw Problem(reason: "missing field '\(key)'", isMissingField: true) }
        switch value {
        case .number(let number): return Self.format(number)
        case .string(let text) where Double(text) != nil: return text
        default: throw Problem(reason: "field '\(key)' must be a number, found \(value.kindName)")
        }
    }

    private func optionalScalarText(_ object: [String: JSONValue], _ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let number)?: return Self.format(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case let other?: throw Problem(reason: "field '\(key)' must be a string or a number, found \(other.kindName)")
        }
    }

    /// Integral numbers without ".0" (SVAMP's gold is `String(Int(Answer))`).
    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}

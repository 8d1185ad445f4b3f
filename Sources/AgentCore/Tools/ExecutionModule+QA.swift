import Foundation

/// Complex-QA tools (lumos-spec §7.2): `KnowledgeQuery` over a `KnowledgeSource`,
/// `ParagraphRetrieve` with BM25, `QA` and `Calculator` on the configured QA model.
extension ExecutionModule {
    /// `title *** text` entries, the reference's `title_text_sep`.
    static let titleSeparator = " *** "
    /// The reference keeps the first 40 sentences of a page (`getPageObs`).
    static let sentencesPerPage = 40

    func runQA(_ action: ParsedAction, context: LineContext, into outcome: inout ActionOutcome) throws {
        outcome.endsExecution = false
        switch action.name {
        case "KnowledgeQuery":
            let query = try substitute(action.arguments, into: &outcome)
            outcome.values = [.list(try knowledgeEntries(query))]
        case "ParagraphRetrieve":
            outcome.record.substitutedArguments = action.arguments
            outcome.values = [.text(try retrieve(action.arguments))]
        case "QA":
            outcome.record.substitutedArguments = action.arguments
            outcome.values = [.text(try answerQAAction(action.arguments, context: context))]
        case "Calculator":
            let text = try substitute(action.arguments, suffix: ".", into: &outcome)
            let contextText = String(text.filter { !"*/+-^=<>".contains($0) })
            outcome.values = [.text(try calculator(context: contextText, line: context, into: &outcome))]
        case "Code":
            switch runCode(action.arguments) {
            case .success(let output):
                outcome.record.substitutedArguments = action.arguments
                outcome.values = [.text(output)]
            case .failure(let failure):
                outcome.endsExecution = true
                outcome.failure = .tool(failure.description)
            }
        case "":
            outcome.failure = .tool("An assignment without a tool does nothing in complex QA.")
        default:
            outcome.endsExecution = true
            outcome.failure = .parse("\(action.name.debugDescription) is not a complex-QA action (KnowledgeQuery, ParagraphRetrieve, QA, Calculator, Code).")
        }
    }

    private func substitute(_ arguments: String, suffix: String = "", into outcome: inout ActionOutcome) throws -> String {
        let text = try VariableSubstitution.qa(arguments, table: table, deviations: deviations, suffix: suffix)
        outcome.record.substitutedArguments = text
        return text
    }

    func knowledgeEntries(_ query: String) throws -> [String] {
        guard let knowledge else { throw ToolFailure("KnowledgeQuery needs a knowledge source; none is configured.") }
        let documents = try knowledge.search(query.pythonStripped, limit: retrievalLimit)
        var entries: [String] = []
        for document in documents {
            let sentences = document.text.components(separatedBy: "\n")
                .flatMap { $0.components(separatedBy: ". ") }
                .map(\.pythonStripped).filter { !$0.isEmpty }
                .prefix(Self.sentencesPerPage)
            for sentence in sentences {
                let text = sentence.hasSuffix(".") ? sentence : sentence + "."
                entries.append(document.title + Self.titleSeparator + text)
            }
        }
        guard !entries.isEmpty else { throw ToolFailure("KnowledgeQuery found no pages for \(query.debugDescription).") }
        return entries
    }

    /// `ParagraphRetrieve(Rk, Query: q)`: the top five entries of Rk as `Evidence n: text` lines.
    func retrieve(_ arguments: String) throws -> String {
        guard let variable = VariableSubstitution.references(in: arguments).first else {
            throw ToolFailure("ParagraphRetrieve needs a variable holding KnowledgeQuery results, e.g. ParagraphRetrieve(R1, Query: …).")
        }
        guard let value = table[variable] else { throw VariableSubstitution.MissingVariable(name: variable) }
        let question = arguments.after(first: ", Query: ") ?? arguments.after(first: ", ") ?? arguments
        let entries: [String] = switch value {
        case .list(let items): items
        case .text(let text): text.components(separatedBy: "\n").filter { !$0.pythonStripped.isEmpty }
        }
        return Self.evidence(entries: entries, question: question, limit: retrievalLimit)
    }

    static func evidence(entries: [String], question: String, limit: Int) -> String {
        let split = entries.map { entry -> (title: String, text: String) in
            let parts = entry.components(separatedBy: "***")
            guard parts.count > 1 else { return ("", entry.pythonStripped) }
            return (parts[0].pythonStripped, parts.dropFirst().joined(separator: "***").pythonStripped)
        }
        let ranked = BM25().rank(query: question, documents: split.map { $0.title + " " + $0.text }).prefix(limit)
        return ranked.enumerated().map { "Evidence \($0.offset + 1): \(split[$0.element.index].text)\n" }.joined()
    }

    /// `QA([Ri, Rj], Question: q)` with the callers' fallbacks (spec §7.2, §5.2–5.3).
    func answerQAAction(_ arguments: String, context line: LineContext) throws -> String {
        let question = arguments.after(first: ", Question: ") ?? arguments.after(first: ", ") ?? arguments
        let context = try contextText(arguments)
        if line.mustAnswerYesNo {
            return try askQA(question: question + LumosPrompts.mustAnswerYesNo, context: context, step: line.step)
        }
        if let original = line.originalQuestion {
            let first = try askQA(question: original, context: context, step: line.step)
            if !first.lowercased().contains("no answer") { return first }
        }
        var result = try askQA(question: question, context: context, step: line.step)
        if result.lowercased().contains("no answer") {
            result = try searchFallback(question: question, step: line.step) ?? result
        }
        return result
    }

    /// The values of the bracketed variables, each followed by a newline, stripped.
    private func contextText(_ arguments: String) throws -> String {
        guard let open = arguments.firstIndex(of: "["), let close = arguments[open...].firstIndex(of: "]") else {
            return ""
        }
        var text = ""
        for name in arguments[arguments.index(after: open)..<close].components(separatedBy: ", ") {
            let key = name.pythonStripped
            guard !key.isEmpty else { continue }
            guard let value = table[key] else { throw VariableSubstitution.MissingVariable(name: key) }
            text += value.description + "\n"
        }
        return text.pythonStripped
    }

    /// QA `Calculator`: the QA model reads the substituted text as context (spec §7.2).
    private func calculator(context: String, line: LineContext, into outcome: inout ActionOutcome) throws -> String {
        let subgoal = line.subgoals.last ?? ""
        var question = subgoal.after(first: ": ") ?? subgoal
        if dataset == .strategyqa {
            if line.mustAnswerYesNo { question += LumosPrompts.mustAnswerYesNo }
            return try askQA(question: question, context: context, step: line.step)
        }
        let result = try askQA(question: question, context: context, step: line.step)
        guard result.lowercased().contains("no answer") else { return result }
        guard let original = line.originalQuestion else {
            // HotpotQA iterative: the reference returns nothing and the table is lost (§7.2).
            outcome.endsExecution = true
            throw ToolFailure("Calculator: the QA model found no answer for \(question.debugDescription).")
        }
        let retry = try askQA(question: original, context: context, step: line.step)
        return retry.lowercased().contains("no answer") ? "No answer." : retry
    }

    /// In place of the reference's Google search: look the question up in the knowledge source,
    /// rank with BM25 and ask again. Nil when that finds nothing better.
    private func searchFallback(question: String, step: Int) throws -> String? {
        guard knowledge != nil, let entries = try? knowledgeEntries(question) else { return nil }
        let evidence = Self.evidence(entries: entries, question: question, limit: retrievalLimit).pythonStripped
        let result = try askQA(question: question, context: evidence, step: step)
        return result.lowercased().contains("no answer") ? "No answer." : result
    }

    /// The §7.2 QA procedure: with context; on "No answer", without context, or forced for
    /// yes/no questions. Returns `Question: q; <reply>`.
    func askQA(question: String, context: String, step: Int) throws -> String {
        guard let qa else { throw ToolFailure("The QA tool needs a QA model; none is configured.") }
        let maxTokens = 100
        var reply = try qa.complete(qa.template.userTurn(LumosPrompts.qaWithContext(question: question, context: context)),
                                    step: step, maxNewTokens: maxTokens)
        if reply.contains("No answer") {
            let prompt = question.contains("Must answer yes/no")
                ? LumosPrompts.qaForced(question: question) : LumosPrompts.qaWithoutContext(question: question)
            reply = try qa.complete(qa.template.userTurn(prompt), step: step, maxNewTokens: maxTokens)
        }
        return LumosPrompts.qaResult(question: question, reply: reply)
    }
}

import Foundation

/// The action grammar of lumos-spec §6: `R1 = Tool(args); R2 = Tool(args)`.
///
/// `referenceParse` ports the eval's `parse_actions` literally, including its slicing quirks
/// (spec §6.4). `parse` adds the checks the reference lacks, so malformed model output becomes a
/// recorded parse error instead of a silently wrong tool call.
public enum ActionParser {
    public enum Variant: Sendable, Hashable {
        /// `eval/{gsm,svamp,mind2web}/utils.py`: handles the `= result` and `Output = R9 = 40` forms.
        case maths
        /// `eval/{hotpotqa,strategyqa,webshop}/utils.py`: always the text inside the first call.
        case complexQA

        public init(domain: Domain) {
            self = domain == .maths ? .maths : .complexQA
        }
    }

    /// §6.2: the stripped line split on `"; "` (never on a bare `;`); empty pieces are dropped.
    public static func split(_ line: String) -> [String] {
        line.pythonStripped.pythonSplit("; ").map(\.pythonStripped).filter { !$0.isEmpty }
    }

    /// The reference parser, quirks included; it never fails.
    public static func referenceParse(_ action: String, variant: Variant) -> ParsedAction {
        let x = PythonText(action)
        let posAction = x.find(" = ") + 3
        let posParen = x.find("(")
        let outputs = x.slice(0, posAction - 3).pythonSplit(", ")
        var name = x.slice(posAction, posParen)
        let posRight = balancedEnd(x, from: posParen)
        let arguments: String
        switch variant {
        case .complexQA:
            arguments = x.slice(posParen + 1, posRight)
        case .maths:
            if posRight + 2 >= x.count {
                arguments = x.slice(posParen + 1, x.rfind(")"))
            } else if posRight == posParen {
                name = ""
                arguments = x.slice(posAction, x.rfind(" = ")).pythonStripped
            } else if x[posRight + 2] != "=" {
                arguments = x.slice(posParen + 1, x.rfind(" = ") - 1)
            } else {
                arguments = x.slice(posParen + 1, posRight)
            }
        }
        return ParsedAction(raw: action, outputs: outputs, name: name, arguments: arguments)
    }

    /// Parses one action and rejects text that is not an action of the grammar.
    public static func parse(
        _ action: String, variant: Variant, deviations: ReferenceDeviations = .trainingAligned
    ) throws(ActionParseError) -> ParsedAction {
        let text = action.pythonStripped
        guard !text.isEmpty else { throw ActionParseError(.emptyLine, action: action, "The action is empty.") }
        let x = PythonText(text)
        guard x.find(" = ") >= 0 else {
            throw ActionParseError(.missingAssignment, action: text, "The action has no ' = ' assignment.")
        }
        var parsed = referenceParse(text, variant: variant)
        for output in parsed.outputs where !isIdentifier(output) {
            throw ActionParseError(.invalidOutput, action: text, "The output variable \(output.debugDescription) is not a name like R1.")
        }
        let posParen = x.find("(")
        let posAction = x.find(" = ") + 3
        let rightSide = x.slice(posAction, nil)
        if posParen == posAction {
            // `Output = (R9)`: how the onetime training data re-serialises `Output = R9 = 40` (§9.3).
            guard isBalanced(x, from: posParen) else {
                throw ActionParseError(.unbalancedParentheses, action: text, "The parentheses of the assignment are not balanced.")
            }
            parsed.name = ""
            return parsed
        }
        if posParen < 0 || !isIdentifier(x.slice(posAction, posParen)) {
            // Only the assignment forms `Output = R9 = 40` and `Output = R9` have no call.
            let target = rightSide.pythonSplit(" = ")[0].pythonStripped
            guard isVariable(target) else {
                throw ActionParseError(.missingCall, action: text, "The action does not call a tool as Name(arguments).")
            }
            if parsed.arguments.isEmpty, deviations.contains(.resolveBareOutputAssignment) {
                parsed.arguments = target
            }
            parsed.name = ""
            return parsed
        }
        let posRight = balancedEnd(x, from: posParen)
        if deviations.contains(.rejectUnbalancedParentheses), !isBalanced(x, from: posParen) {
            throw ActionParseError(.unbalancedParentheses, action: text, "The parentheses of the call are not balanced.")
        }
        let tail = x.slice(posRight + 1, nil)
        if !tail.isEmpty, !tail.hasPrefix(" = "), tail.pythonStripped != "." {
            throw ActionParseError(.trailingText, action: text, "Text follows the closing parenthesis: \(tail.debugDescription).")
        }
        guard isIdentifier(parsed.name) else {
            throw ActionParseError(.invalidName, action: text, "The tool name \(parsed.name.debugDescription) is not a name.")
        }
        return parsed
    }

    /// The index after which the parenthesis count first returns to zero, scanning from `start`
    /// (Python's negative indexing included); the last index when it never does.
    static func balancedEnd(_ x: PythonText, from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < x.count {
            if x[i] == "(" { depth += 1 } else if x[i] == ")" { depth -= 1 }
            if depth == 0 { return i }
            i += 1
        }
        return x.count - 1
    }

    static func isBalanced(_ x: PythonText, from start: Int) -> Bool {
        var depth = 0
        for i in start..<x.count {
            if x[i] == "(" { depth += 1 } else if x[i] == ")" { depth -= 1 }
            if depth == 0 { return true }
        }
        return false
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// `R<digits>`, the variables actions refer to.
    public static func isVariable(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count >= 2 && scalars[0] == "R" && scalars.dropFirst().allSatisfy { ("0"..."9").contains($0) }
    }

    /// The number of an `R<digits>` variable.
    public static func variableNumber(_ text: String) -> Int? {
        isVariable(text) ? Int(text.dropFirst()) : nil
    }
}

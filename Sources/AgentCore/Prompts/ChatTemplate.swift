import Foundation

/// How user and assistant turns are written into one growing prompt string.
public enum ChatTemplate: String, Sendable, Hashable, Codable, CaseIterable {
    /// The Lumos/Tulu inference form (lumos-spec §2.1): `<|user|>\n…\n<|assistant|>\n`, and an
    /// assistant turn is closed by `\n\n`, never by `</s>`.
    case lumos
    /// Gemma's turn markers: `<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n`.
    case gemma

    /// Opens a user turn and the assistant header after it.
    public func userTurn(_ content: String) -> String {
        switch self {
        case .lumos: "<|user|>\n\(content)\n<|assistant|>\n"
        case .gemma: "<start_of_turn>user\n\(content)<end_of_turn>\n<start_of_turn>model\n"
        }
    }

    /// Closes an assistant turn whose header is already in the prompt.
    public func closeAssistant(_ output: String) -> String {
        switch self {
        case .lumos: output + "\n\n"
        case .gemma: output + "<end_of_turn>\n"
        }
    }
}

extension ChatTemplate {
    private var markers: (open: String, toAssistant: String, toUser: String) {
        switch self {
        case .lumos: ("<|user|>\n", "\n<|assistant|>\n", "\n\n<|user|>\n")
        case .gemma: ("<start_of_turn>user\n", "<end_of_turn>\n<start_of_turn>model\n", "<end_of_turn>\n<start_of_turn>user\n")
        }
    }

    /// Reads a prompt built with this template back into chat messages, for chat endpoints that
    /// apply their own template. Nil when the prompt is not in this form.
    public func messages(in prompt: String) -> [(role: String, content: String)]? {
        let m = markers
        guard prompt.hasPrefix(m.open), prompt.hasSuffix(m.toAssistant) else { return nil }
        var rest = Substring(prompt.dropFirst(m.open.count).dropLast(m.toAssistant.count))
        var messages: [(role: String, content: String)] = []
        while true {
            guard let close = rest.range(of: m.toAssistant) else {
                messages.append(("user", String(rest)))
                return messages
            }
            messages.append(("user", String(rest[..<close.lowerBound])))
            rest = rest[close.upperBound...]
            guard let next = rest.range(of: m.toUser) else { return nil }
            messages.append(("assistant", String(rest[..<next.lowerBound])))
            rest = rest[next.upperBound...]
        }
    }
}

/// One module's conversation: the prompt string grows turn by turn, as the reference does
/// (lumos-spec §2.1), so the engine's KV cache can reuse the prefix.
public struct Conversation: Sendable, Hashable {
    public let template: ChatTemplate
    /// Worked examples (few-shot profile) ahead of the task; empty for Lumos checkpoints.
    public let preamble: String
    public private(set) var prompt: String

    public init(template: ChatTemplate, preamble: String = "", firstUser: String) {
        self.template = template
        self.preamble = preamble
        self.prompt = preamble + template.userTurn(firstUser)
    }

    /// Appends the model's last (stripped) output and the next user turn.
    public mutating func append(assistant output: String, user: String) {
        prompt += template.closeAssistant(output) + template.userTurn(user)
    }
}

import Foundation

/// How user and assistant turns are written into one growing prompt string.
public enum ChatTemplate: String, Sendable, Hashable, Codable {
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

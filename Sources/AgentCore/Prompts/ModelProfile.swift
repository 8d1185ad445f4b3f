import Foundation

/// How a model is prompted and decoded. Recorded as `ModelIdentity.profile`.
public enum ModelProfile: String, Sendable, Hashable, Codable, CaseIterable {
    /// A released Lumos checkpoint, called exactly as lumos-spec §2 says: Tulu chat wrapping,
    /// no BOS, greedy, stop at the first newline, at most 512 new tokens.
    case lumos
    /// A base model never fine-tuned on Lumos data (the bundled Gemma 3 270M): worked examples in
    /// the same Lumos format and the same `<|user|>` wrapping go ahead of the task. Measured on
    /// the bundled Gemma, this wrapping gives clean one-line outputs where Gemma's own turn
    /// markers made the base model append stray tokens before the newline.
    case fewshot
    /// The worked examples inside Gemma's turn markers, for chat-tuned Gemma models.
    case fewshotGemma = "fewshot-gemma"

    /// Accepts the identity's profile string; unknown values fall back to the checkpoint contract.
    public init(identityProfile: String) {
        self = ModelProfile(rawValue: identityProfile) ?? .lumos
    }

    public var template: ChatTemplate {
        switch self {
        case .lumos, .fewshot: .lumos
        case .fewshotGemma: .gemma
        }
    }

    public var usesExamples: Bool { self != .lumos }

    /// Every Lumos output is one line, so every profile stops at the first newline; the few-shot
    /// profiles also stop where a turn would end, in case a model skips the newline.
    public var stop: [String] {
        switch self {
        case .lumos: ["\n"]
        case .fewshot: ["\n", "<|user|>", "<|assistant|>"]
        case .fewshotGemma: ["\n", "<end_of_turn>", "<start_of_turn>"]
        }
    }

    /// Lumos ran without BOS (§2.2); base models such as Gemma need their BOS to produce sensible text.
    public var addBOS: Bool { self != .lumos }

    public var maxNewTokens: Int {
        switch self {
        case .lumos: 512
        // One Lumos line is far shorter; a runaway base model should not spend 512 tokens.
        case .fewshot, .fewshotGemma: 128
        }
    }

    public func request(prompt: String, maxNewTokens: Int? = nil) -> GenerationRequest {
        GenerationRequest(prompt: prompt, maxNewTokens: maxNewTokens ?? self.maxNewTokens, stop: stop, addBOS: addBOS)
    }
}

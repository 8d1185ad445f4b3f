import Foundation

/// How a model is prompted and decoded. Recorded as `ModelIdentity.profile`.
public enum ModelProfile: String, Sendable, Hashable, Codable, CaseIterable {
    /// A released Lumos checkpoint, called exactly as lumos-spec §2 says: Tulu chat wrapping,
    /// no BOS, greedy, stop at the first newline, at most 512 new tokens.
    case lumos
    /// A base model never fine-tuned on Lumos data (the bundled Gemma 3 270M): worked examples in
    /// the same Lumos format go ahead of the task, inside Gemma's turn markers.
    case fewshot
    /// Few-shot examples in the plain Lumos `<|user|>` wrapping, for base models without a chat
    /// template of their own.
    case fewshotPlain = "fewshot-plain"

    /// Accepts the identity's profile string; unknown values fall back to the checkpoint contract.
    public init(identityProfile: String) {
        self = ModelProfile(rawValue: identityProfile) ?? .lumos
    }

    public var template: ChatTemplate {
        switch self {
        case .lumos, .fewshotPlain: .lumos
        case .fewshot: .gemma
        }
    }

    public var usesExamples: Bool { self != .lumos }

    /// Every Lumos output is one line, so every profile stops at the first newline; the few-shot
    /// profiles also stop where a turn would end, in case a model skips the newline.
    public var stop: [String] {
        switch self {
        case .lumos: ["\n"]
        case .fewshot: ["\n", "<end_of_turn>", "<start_of_turn>"]
        case .fewshotPlain: ["\n", "<|user|>", "<|assistant|>"]
        }
    }

    /// Lumos ran without BOS (§2.2); Gemma needs its `<bos>` to produce sensible text.
    public var addBOS: Bool { self == .fewshot }

    public var maxNewTokens: Int {
        switch self {
        case .lumos: 512
        // One Lumos line is far shorter; a runaway base model should not spend 512 tokens.
        case .fewshot, .fewshotPlain: 160
        }
    }

    public func request(prompt: String, maxNewTokens: Int? = nil) -> GenerationRequest {
        GenerationRequest(prompt: prompt, maxNewTokens: maxNewTokens ?? self.maxNewTokens, stop: stop, addBOS: addBOS)
    }
}

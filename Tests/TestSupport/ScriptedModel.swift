import AgentCore
import Foundation
import Synchronization

extension ModelIdentity.Backend {
    /// The backend name test doubles record in trajectories.
    public static let scripted = ModelIdentity.Backend(rawValue: "scripted")
}

/// A `LanguageModel` that replays given outputs in order — a test double for unit tests of the loop,
/// never a default and never in an end-to-end test (those run the real model).
/// Each session replays the script from the start; `prompts` records what it was asked.
public final class ScriptedModel: LanguageModel, Sendable {
    public let identity: ModelIdentity
    private let outputs: [String]
    private let failure: String?
    private let state = Mutex<[String]>([])

    /// - Parameter failure: when set, every call throws this message (an endpoint that is down).
    public init(_ outputs: [String], name: String = "scripted", profile: ModelProfile = .lumos, failure: String? = nil) {
        self.outputs = outputs
        self.failure = failure
        self.identity = ModelIdentity(backend: .scripted, location: "memory", name: name, profile: profile.rawValue)
    }

    /// Every prompt the model was asked, across sessions.
    public var prompts: [String] { state.withLock { $0 } }

    public func makeSession() throws -> any ModelSession { Session(model: self) }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    final class Session: ModelSession {
        let model: ScriptedModel
        var next = 0
        init(model: ScriptedModel) { self.model = model }

        func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
            model.state.withLock { $0.append(request.prompt) }
            if let failure = model.failure { throw Failure(description: failure) }
            let text = next < model.outputs.count ? model.outputs[next] : ""
            next += 1
            return Completion(text: text, finishReason: .stop, promptTokens: request.prompt.utf8.count / 4,
                              completionTokens: max(1, text.utf8.count / 4))
        }
    }
}

import AgentCore
import Foundation
import TestSupport

/// A model that answers nothing until its call is cancelled (or `release()` is called): stands
/// in for a slow inference so timeouts, cancellation and outages can be tested on the cycle.
final class BlockingModel: LanguageModel, @unchecked Sendable {
    // @unchecked Sendable: `released` and `calls` are only touched under `lock`.
    let identity = ModelIdentity(backend: .scripted, location: "blocking", name: "blocking")
    private let lock = NSLock()
    private var released = false
    private var calls = 0
    let answer: String

    init(answer: String) { self.answer = answer }

    var callCount: Int { lock.withLock { calls } }
    func release() { lock.withLock { released = true } }

    func makeSession() throws -> any ModelSession { Session(model: self) }

    final class Session: ModelSession {
        let model: BlockingModel
        init(model: BlockingModel) { self.model = model }

        func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
            model.lock.withLock { model.calls += 1 }
            // Blocks until the test releases it or the worker cancels (a test always does one of them).
            eventually(timeout: 3600) { cancel.isCancelled || model.lock.withLock({ model.released }) }
            let finish: Completion.FinishReason = cancel.isCancelled ? .cancelled : .stop
            return Completion(text: cancel.isCancelled ? "" : model.answer, finishReason: finish, promptTokens: 1, completionTokens: 1,
                              cachedPromptTokens: 0, promptMilliseconds: 0, generationMilliseconds: 0)
        }
    }
}

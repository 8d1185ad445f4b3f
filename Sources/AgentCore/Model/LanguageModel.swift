/// A text-completion model the agent loop calls: the built-in CPU engine or an HTTP endpoint.
///
/// Calls are synchronous and blocking on purpose: the worker runs each agent on a thread it owns,
/// so inference never occupies Swift's cooperative pool (see ARCHITECTURE.md, "Rules").
public protocol LanguageModel: Sendable {
    /// What produced the text, recorded in every trajectory.
    var identity: ModelIdentity { get }

    /// A conversation-scoped handle. The engine keeps its KV cache per session, so a growing
    /// prompt (the iterative formulation) only computes its new suffix; HTTP sessions are stateless.
    func makeSession() throws -> any ModelSession
}

/// One conversation with a model. Not thread-safe: one agent owns it.
public protocol ModelSession: AnyObject {
    func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion
}

/// Wraps a model to cap the tokens of every call (short test and drill runs) and, for
/// measurements, to turn prefix reuse off by giving every call a fresh session (a fresh KV cache).
public struct TunedModel: LanguageModel {
    public let base: any LanguageModel
    public let maxNewTokens: Int?
    public let prefixReuse: Bool

    public init(_ base: any LanguageModel, maxNewTokens: Int? = nil, prefixReuse: Bool = true) {
        self.base = base
        self.maxNewTokens = maxNewTokens
        self.prefixReuse = prefixReuse
    }

    public var identity: ModelIdentity { base.identity }

    public func makeSession() throws -> any ModelSession {
        TunedSession(model: self, session: prefixReuse ? try base.makeSession() : nil)
    }
}

/// One agent's conversation through a `TunedModel`; not thread-safe, like every session.
final class TunedSession: ModelSession {
    let model: TunedModel
    let session: (any ModelSession)?

    init(model: TunedModel, session: (any ModelSession)?) {
        self.model = model
        self.session = session
    }

    func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
        var request = request
        if let cap = model.maxNewTokens { request.maxNewTokens = min(request.maxNewTokens, max(1, cap)) }
        let target = try session ?? model.base.makeSession()
        return try target.complete(request, cancel: cancel)
    }
}

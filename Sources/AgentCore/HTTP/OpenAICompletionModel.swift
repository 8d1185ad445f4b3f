import Foundation
import LumosBase

/// An OpenAI-compatible endpoint (`llama-server`, vLLM, Ollama, OpenAI) as a `LanguageModel`:
/// `/v1/completions` sends the raw prompt (the Lumos checkpoint contract), `/v1/chat/completions`
/// sends the conversation as chat messages and lets the server apply its own template.
public final class OpenAICompletionModel: LanguageModel, Sendable {
    public enum API: String, Sendable, Hashable, Codable {
        case completions
        case chat
    }

    public struct Options: Sendable, Hashable {
        public var connectTimeout: Double
        public var totalTimeout: Double
        /// Retries after the first attempt, on connection errors, 429 and 5xx.
        public var maxRetries: Int
        public var initialBackoff: Double
        public var maxBackoff: Double
        /// The operator names the endpoint, so a local server is the common case and is allowed.
        public var allowPrivateNetworks: Bool
        public var maxResponseBytes: Int

        public init(
            connectTimeout: Double = 10, totalTimeout: Double = 300, maxRetries: Int = 3,
            initialBackoff: Double = 0.5, maxBackoff: Double = 8, allowPrivateNetworks: Bool = true,
            maxResponseBytes: Int = 4 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxRetries = maxRetries
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.allowPrivateNetworks = allowPrivateNetworks
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public let identity: ModelIdentity
    public let baseURL: String
    public let api: API
    public let model: String?
    let apiKey: String?
    let options: Options
    let client: HTTPClient

    /// - Parameters:
    ///   - baseURL: the API root, e.g. `http://127.0.0.1:8080/v1`.
    ///   - apiKey: sent as a bearer token when given (the command-line tools read it from their environment).
    public init(
        baseURL: String, model: String? = nil, api: API = .completions, profile: ModelProfile = .lumos,
        apiKey: String? = nil,
        options: Options = Options()
    ) {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        self.baseURL = root
        self.api = api
        self.model = model
        self.apiKey = apiKey
        self.options = options
        self.client = HTTPClient(configuration: HTTPClient.Configuration(
            connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout,
            maxResponseBytes: options.maxResponseBytes, allowPrivateNetworks: options.allowPrivateNetworks))
        self.identity = ModelIdentity(backend: .http, location: root + "/" + (api == .chat ? "chat/completions" : "completions"),
                                      name: model ?? "default", profile: profile.rawValue)
    }

    public func makeSession() throws -> any ModelSession { Session(model: self) }

    /// HTTP calls carry no state between turns; the session only forwards.
    final class Session: ModelSession {
        let model: OpenAICompletionModel
        init(model: OpenAICompletionModel) { self.model = model }
        func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws -> Completion {
            try model.complete(request, cancel: cancel)
        }
    }

    public func complete(_ request: GenerationRequest, cancel: CancellationFlag) throws(ModelBackendError) -> Completion {
        let body = requestBody(request)
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey, !apiKey.isEmpty { headers["Authorization"] = "Bearer \(apiKey)" }
        let httpRequest = HTTPRequest(method: "POST", url: identity.location, headers: headers, body: body)
        // The cap bounds the growth; it never shortens the first wait below `initialBackoff`.
        let backoff = Backoff(initial: options.initialBackoff, maximum: max(options.initialBackoff, options.maxBackoff))
        var attempt = 0
        while true {
            let failure: ModelBackendError
            switch attemptOnce(httpRequest, request: request, cancel: cancel) {
            case .success(let completion): return completion
            case .failure(let error): failure = error
            }
            guard failure.isTransient, attempt < options.maxRetries else { throw failure }
            attempt += 1
            if !Self.sleep(seconds: backoff.delay(attempt: attempt), cancel: cancel) {
                return Completion(text: "", finishReason: .cancelled, promptTokens: 0, completionTokens: 0)
            }
        }
    }

    private func attemptOnce(_ httpRequest: HTTPRequest, request: GenerationRequest, cancel: CancellationFlag) -> Result<Completion, ModelBackendError> {
        let started = DispatchTime.now().uptimeNanoseconds
        let response: HTTPResponse
        do {
            response = try client.send(httpRequest, cancel: cancel)
        } catch {
            if error.code == .cancelled { return .success(Completion(text: "", finishReason: .cancelled, promptTokens: 0, completionTokens: 0)) }
            return .failure(ModelBackendError(error.code == .timeout ? .timeout : .unreachable, error.message))
        }
        guard response.status == 200 else {
            return .failure(ModelBackendError(.httpStatus, "\(identity.location) answered HTTP \(response.status): \(String(response.text.prefix(300)))", status: response.status))
        }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return Result { () throws(ModelBackendError) -> Completion in
            try OpenAIResponse.parse(response.body, api: api, request: request, milliseconds: milliseconds)
        }
    }

    func requestBody(_ request: GenerationRequest) -> [UInt8] {
        var object: [String: Any] = [
            "max_tokens": request.maxNewTokens,
            "temperature": request.temperature,
            "stream": false,
        ]
        if let model { object["model"] = model }
        if request.temperature > 0 {
            object["top_p"] = request.topP
            object["seed"] = request.seed
        }
        // OpenAI accepts at most four stop strings; the caller cuts at the rest itself.
        if !request.stop.isEmpty { object["stop"] = Array(request.stop.prefix(4)) }
        switch api {
        case .completions:
            object["prompt"] = request.prompt
        case .chat:
            let messages = ChatTemplate.allCases.lazy.compactMap { $0.messages(in: request.prompt) }.first
                ?? [(role: "user", content: request.prompt)]
            object["messages"] = messages.map { ["role": $0.role, "content": $0.content] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Array(data)
    }

    /// Sleeps in short slices so a cancelled task stops waiting; false when cancelled.
    static func sleep(seconds: Double, cancel: CancellationFlag) -> Bool {
        var remaining = seconds
        while remaining > 0 {
            if cancel.isCancelled { return false }
            let slice = min(remaining, 0.05)
            usleep(UInt32(slice * 1_000_000))
            remaining -= slice
        }
        return !cancel.isCancelled
    }
}

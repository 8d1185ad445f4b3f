import Foundation
import Testing
@testable import AgentCore
import TestSupport

@Suite struct OpenAICompletionModelTests {
    static let good = #"{"id":"x","object":"text_completion","choices":[{"index":0,"text":"Subgoal 1: Add.","finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}"#
    static let fastRetries = OpenAICompletionModel.Options(connectTimeout: 2, totalTimeout: 5, maxRetries: 2, initialBackoff: 0.01, maxBackoff: 0.02)

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func completionsSendsTheRawPromptAndRecordsUsage() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: Self.good) }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1/", model: "lumos-7b", apiKey: "sk-test", options: Self.fastRetries)
        let completion = try model.complete(GenerationRequest(prompt: "<|user|>\nHi\n<|assistant|>\n"), cancel: CancellationFlag())
        #expect(completion.text == "Subgoal 1: Add.")
        #expect(completion.promptTokens == 12 && completion.completionTokens == 5)
        #expect(completion.finishReason == .stop)
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test")
        let body = json(request.body)
        #expect(body["prompt"] as? String == "<|user|>\nHi\n<|assistant|>\n")
        #expect(body["model"] as? String == "lumos-7b")
        #expect(body["max_tokens"] as? Int == 512)
        #expect(body["stop"] as? [String] == ["\n"])
        #expect(body["temperature"] as? Double == 0)
        #expect(model.identity.backend == .http)
    }

    @Test func chatSendsTheConversationAsMessages() throws {
        let reply = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"R1 = Calculator(2+2)"},"finish_reason":"stop"}]}"#
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: reply) }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", api: .chat, options: Self.fastRetries)
        var conversation = Conversation(template: .lumos, firstUser: "first")
        conversation.append(assistant: "out", user: "next")
        let completion = try model.complete(GenerationRequest(prompt: conversation.prompt), cancel: CancellationFlag())
        #expect(completion.text == "R1 = Calculator(2+2)")
        #expect(completion.promptTokens == 0)
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        let messages = json(request.body)["messages"] as? [[String: String]]
        #expect(messages == [["role": "user", "content": "first"], ["role": "assistant", "content": "out"], ["role": "user", "content": "next"]])
    }

    @Test(arguments: [500, 429, 503])
    func transientStatusIsRetriedUntilSuccess(_ status: Int) throws {
        let server = try LoopbackHTTPServer { _, index in index == 0 ? .init(status: status, body: "{}") : .init(status: 200, body: Self.good) }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: Self.fastRetries)
        let completion = try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag())
        #expect(completion.text == "Subgoal 1: Add.")
        #expect(server.requests.count == 2)
    }

    @Test func persistentServerErrorFailsAfterTheRetries() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 500, body: #"{"error":"boom"}"#) }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: Self.fastRetries)
        #expect(throws: ModelBackendError.self) { try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag()) }
        #expect(server.requests.count == 3)
    }

    @Test func clientErrorIsNotRetried() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 400, body: #"{"error":"bad"}"#) }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: Self.fastRetries)
        do {
            _ = try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag())
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .httpStatus && error.status == 400)
        }
        #expect(server.requests.count == 1)
    }

    @Test func slowReplyRunsIntoTheTotalTimeout() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: Self.good, delay: 3) }
        var options = Self.fastRetries
        options.totalTimeout = 0.3
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: options)
        do {
            _ = try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag())
            Issue.record("expected a timeout")
        } catch {
            #expect(error.code == .timeout)
        }
        #expect(server.requests.count == 1)
        server.stop()
    }

    @Test func malformedJSONIsReported() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "{not json") }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: Self.fastRetries)
        do {
            _ = try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag())
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformedResponse)
        }
    }

    @Test func closedPortIsUnreachableAfterRetries() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: Self.good) }
        let url = server.baseURL + "/v1"
        server.stop()
        let model = OpenAICompletionModel(baseURL: url, options: Self.fastRetries)
        do {
            _ = try model.complete(GenerationRequest(prompt: "p"), cancel: CancellationFlag())
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreachable)
        }
    }

    @Test func cancelledFlagStopsTheRetryWait() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 503, body: "{}") }
        var options = Self.fastRetries
        options.initialBackoff = 30
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: options)
        let flag = CancellationFlag()
        // Cancel once the first attempt has failed, while the client waits out its 30 s backoff.
        let canceller = Thread { eventually(timeout: 10) { !server.requests.isEmpty }; flag.cancel(.timeout) }
        canceller.start()
        let completion = try model.complete(GenerationRequest(prompt: "p"), cancel: flag)
        #expect(completion.finishReason == .cancelled)
    }

    @Test func agentRunsBothModulesOverHTTPAndRecordsTokenUsage() throws {
        let replies = ["Subgoal 1: Calculate the eggs sold.", "R1 = Calculator(16 - 3 - 4)", "Yes, I will stop planning."]
        let server = try LoopbackHTTPServer { _, index in
            let text = index < replies.count ? replies[index] : ""
            let body = try! JSONSerialization.data(withJSONObject: [
                "choices": [["index": 0, "text": text + "\n", "finish_reason": "stop"]],
                "usage": ["prompt_tokens": 100 + index, "completion_tokens": 7],
            ])
            return .init(status: 200, body: String(decoding: body, as: UTF8.self))
        }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", model: "lumos", options: Self.fastRetries)
        let task = AgentTask(id: "t", dataset: .gsm8k, domain: .maths, formulation: .iterative, question: "Eggs?", answer: "#### 9")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: model, grounder: model)).run(task, attempt: 1, cancel: CancellationFlag())
        #expect(trajectory.correct && trajectory.termination == .answered)
        #expect(trajectory.modelCalls.map(\.promptTokens) == [100, 101, 102])
        #expect(trajectory.modelCalls.allSatisfy { $0.completionTokens == 7 && $0.model == "http:lumos" })
        #expect(trajectory.modelCalls[1].completion == "R1 = Calculator(16 - 3 - 4)")
        let prompts = server.requests.compactMap { json($0.body)["prompt"] as? String }
        #expect(prompts.count == 3 && prompts[2].contains("The executed result for Subgoal 1 is 9. Should we stop planning?"))
    }

    @Test func agentRecordsModelErrorWhenTheEndpointIsDown() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 500, body: "{}") }
        let model = OpenAICompletionModel(baseURL: server.baseURL + "/v1", options: Self.fastRetries)
        let task = AgentTask(id: "t", dataset: .gsm8k, domain: .maths, formulation: .iterative, question: "1+1?", answer: "2")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: model, grounder: model)).run(task, attempt: 1, cancel: CancellationFlag())
        #expect(trajectory.termination == .modelError)
        #expect(trajectory.termination.isInfrastructureFailure)
        #expect(trajectory.modelCalls.count == 1 && trajectory.modelCalls[0].error != nil)
    }
}

@Suite struct HTTPClientTests {
    @Test func loopbackIsRefusedUnlessAllowed() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "{}") }
        let strict = HTTPClient(configuration: .init(allowPrivateNetworks: false))
        do {
            _ = try strict.send(HTTPRequest(url: server.baseURL + "/"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .refusedAddress)
        }
        #expect(server.requests.isEmpty)
        let open = HTTPClient(configuration: .init(allowPrivateNetworks: true))
        #expect(try open.send(HTTPRequest(url: server.baseURL + "/")).status == 200)
    }

    @Test func onlyHTTPAndHTTPSAreAllowed() {
        let client = HTTPClient(configuration: .init(allowPrivateNetworks: true))
        #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: "file:///etc/passwd")) }
        #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: "gopher://127.0.0.1/")) }
    }

    @Test func responseAboveTheSizeCapIsRejected() throws {
        let big = String(repeating: "x", count: 200_000)
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: big) }
        let client = HTTPClient(configuration: .init(maxResponseBytes: 10_000, allowPrivateNetworks: true))
        do {
            _ = try client.send(HTTPRequest(url: server.baseURL + "/"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .responseTooLarge)
        }
    }

    @Test func privateAddressesAreRecognised() {
        for address in ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "100.64.0.1"] {
            #expect(NetworkPolicy.isPrivate(address), "\(address)")
        }
        for address in ["8.8.8.8", "172.32.0.1", "2606:4700::1111"] {
            #expect(!NetworkPolicy.isPrivate(address), "\(address)")
        }
    }
}

import Foundation
import TestSupport
import Testing
@testable import AgentCore

/// Model-written URLs reach the HTTP tools: only http(s), bounded in time and size, and never a
/// loopback, private or link-local target however the address is spelled, unless the operator allows it.
@Suite struct NetworkPolicySecurityTests {
    let strict = NetworkPolicy(allowPrivateNetworks: false)

    @Test(arguments: [
        "ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "dict://example.com:11211/",
        "ldap://example.com/", "ws://example.com/", "javascript:alert(1)", "data:text/plain,hi", "telnet://example.com/",
    ])
    func schemesOtherThanHTTPAndHTTPSAreRefused(url: String) {
        let error = #expect(throws: HTTPError.self) { try NetworkPolicy(allowPrivateNetworks: true).check(url) }
        #expect(error?.code == .invalidURL)
    }

    @Test(arguments: ["example", "/relative/path", "http://", "http:///x", ""])
    func urlsWithoutAHostAreRefused(url: String) {
        let error = #expect(throws: HTTPError.self) { try strict.check(url) }
        #expect(error?.code == .invalidURL)
    }

    @Test func upperCaseSchemesAreStillHTTP() throws {
        let target = try NetworkPolicy(allowPrivateNetworks: true).check("HTTPS://127.0.0.1/")
        #expect(target.scheme == "https")
        #expect(target.port == 443)
    }

    @Test(arguments: [
        "http://localhost/", "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
        "http://0177.0.0.1/", "http://0.0.0.0/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::]/",
        "http://10.0.0.8/", "http://172.16.5.4/", "http://192.168.0.1:8080/", "http://100.64.1.1/",
        "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[fd12:3456::1]/",
        "http://example.com@127.0.0.1/", "https://user:pw@10.1.1.1:8443/x?y=1",
    ])
    func loopbackPrivateAndLinkLocalTargetsAreRefusedHoweverSpelled(url: String) {
        let error = #expect(throws: HTTPError.self) { try strict.check(url) }
        #expect(error?.code == .refusedAddress || error?.code == .resolveFailed, "\(url): \(String(describing: error))")
    }

    @Test func theRefusalSaysHowToAllowPrivateNetworks() {
        let error = #expect(throws: HTTPError.self) { try strict.check("http://127.0.0.1:9/") }
        #expect(error?.code == .refusedAddress)
        #expect(error?.message.contains("allow private networks") == true)
    }

    @Test func allowingPrivateNetworksPinsTheResolvedAddress() throws {
        let target = try NetworkPolicy(allowPrivateNetworks: true).check("http://localhost:8080/x")
        #expect(target.port == 8080)
        #expect(!target.addresses.isEmpty)
        #expect(target.addresses.allSatisfy(NetworkPolicy.isPrivate))
    }

    @Test func aRefusedTargetIsNeverContacted() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "secret") }
        for url in [server.baseURL + "/", "http://localhost:\(server.port)/", "http://[::ffff:127.0.0.1]:\(server.port)/"] {
            #expect(throws: HTTPError.self) { try HTTPClient(configuration: .init(allowPrivateNetworks: false)).send(HTTPRequest(url: url)) }
        }
        server.stop()
        #expect(server.requests.isEmpty)
    }

    @Test func aSlowServerRunsIntoTheTotalTimeout() throws {
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: "late", delay: 3) }
        let client = HTTPClient(configuration: .init(connectTimeout: 1, totalTimeout: 0.3, allowPrivateNetworks: true))
        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.baseURL + "/")) }
        #expect(error?.code == .timeout)
        server.stop()
    }

    @Test func aBodyAtTheSizeCapIsAcceptedAndOneByteMoreIsRefused() throws {
        let server = try LoopbackHTTPServer { request, _ in
            .init(status: 200, body: String(repeating: "x", count: request.path == "/exact" ? 4096 : 4097))
        }
        let client = HTTPClient(configuration: .init(maxResponseBytes: 4096, allowPrivateNetworks: true))
        #expect(try client.send(HTTPRequest(url: server.baseURL + "/exact")).body.count == 4096)
        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.baseURL + "/over")) }
        #expect(error?.code == .responseTooLarge)
        server.stop()
    }

    @Test func defaultsAreBoundedAndStrict() {
        let configuration = HTTPClient.Configuration()
        #expect(!configuration.allowPrivateNetworks)
        #expect(configuration.connectTimeout > 0 && configuration.connectTimeout <= 30)
        #expect(configuration.totalTimeout > 0 && configuration.totalTimeout <= 120)
        #expect(configuration.maxResponseBytes > 0 && configuration.maxResponseBytes <= 64 << 20)
    }
}

/// Size limits on prompts: a prompt longer than the model's context is an error the agent records, never a crash.
@Suite struct PromptSizeLimitTests {
    @Test func aPromptLongerThanTheContextIsRefusedWithAClearError() throws {
        let path = TestData.tinyModelPath("Q8_0")
        try #require(FileManager.default.isReadableFile(atPath: path), "the golden tiny LLaMA is missing at \(path)")
        let model = try EngineLanguageModel(path: path, maxContext: 64)
        let session = try model.makeSession()
        let prompt = String(repeating: "one two three four five ", count: 200)
        do {
            _ = try session.complete(GenerationRequest(prompt: prompt, maxNewTokens: 4, addBOS: true), cancel: CancellationFlag())
            Issue.record("expected the prompt to be refused")
        } catch {
            #expect("\(error)".contains("context"), "\(error)")
        }
        // The session still works for a prompt that fits.
        let short = try session.complete(GenerationRequest(prompt: "one two", maxNewTokens: 2, addBOS: true), cancel: CancellationFlag())
        #expect(short.promptTokens < 64)
    }
}

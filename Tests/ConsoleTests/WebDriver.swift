import AgentCore
import Foundation
import TestSupport

/// A headless Chromium driven through chromedriver's WebDriver HTTP API (libcurl via
/// AgentCore's HTTP client). The driver process is killed when this goes away.
final class WebDriver {
    private let process: Process
    private let base: String
    private let session: String
    private let client = WebDriver.makeClient()

    static func makeClient() -> HTTPClient {
        HTTPClient(configuration: .init(connectTimeout: 5, totalTimeout: 60, maxResponseBytes: 64 << 20, allowPrivateNetworks: true))
    }

    /// The first executable named `name` on PATH.
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init() throws {
        guard Self.onPath("chromedriver") != nil, (Self.onPath("chromium") ?? Self.onPath("chromium-browser")) != nil else {
            throw DriverError("chromium and chromedriver are missing: run ops/setup (it installs Debian's chromium and chromium-driver)")
        }
        let port = Int.random(in: 20_000..<60_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.onPath("chromedriver")!)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        base = "http://127.0.0.1:\(port)"
        let client = Self.makeClient(), status = base + "/status"
        guard eventually(timeout: 20, every: 0.1, { (try? client.send(HTTPRequest(url: status)))?.status == 200 }) else {
            kill(process.processIdentifier, SIGKILL)
            throw DriverError("chromedriver did not start")
        }
        let binary = Self.onPath("chromium") ?? Self.onPath("chromium-browser")!
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": [
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"],
        ]]]]
        let created = try Self.post(client, base + "/session", capabilities)
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            process.terminate()
            throw DriverError("no session: \(created)")
        }
        session = base + "/session/" + id
    }

    deinit {
        _ = try? client.send(HTTPRequest(method: "DELETE", url: session))
        // chromedriver does not always exit on SIGTERM; the session above already closed the browser.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func open(_ url: String) throws { _ = try Self.post(client, session + "/url", ["url": url]) }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    @discardableResult
    func run(_ script: String) throws -> Any? {
        try Self.post(client, session + "/execute/sync", ["script": script, "args": [] as [Any]])["value"]
    }

    func text(_ script: String) throws -> String { (try run(script) as? String) ?? "" }

    func screenshot(to path: String) throws {
        let response = try client.send(HTTPRequest(url: session + "/screenshot"))
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let encoded = object?["value"] as? String, let data = Data(base64Encoded: encoded) else { throw DriverError("no screenshot") }
        try data.write(to: URL(fileURLWithPath: path))
    }

    private static func post(_ client: HTTPClient, _ url: String, _ body: [String: Any]) throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try client.send(HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: Array(data)))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        if response.status != 200 { throw DriverError("WebDriver \(url) answered \(response.status): \(response.text.prefix(300))") }
        return object
    }

    struct DriverError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

import LumosBase

/// A failed HTTP exchange, with a code callers branch on (retry or not) and a sentence for people.
public struct HTTPError: CodedError, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        case invalidURL = "invalid_url"
        /// The target resolves to a loopback, private or link-local address and policy forbids it.
        case refusedAddress = "refused_address"
        case resolveFailed = "resolve_failed"
        case connectionFailed = "connection_failed"
        case timeout
        case responseTooLarge = "response_too_large"
        case cancelled
        case transport
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Failures worth another try: the server may be starting, restarting or briefly overloaded.
    public var isTransient: Bool { code == .connectionFailed || code == .resolveFailed }

}

public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]?

    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

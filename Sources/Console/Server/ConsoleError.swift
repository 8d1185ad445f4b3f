import LumosBase

/// A failure the console shows to its user (as a page) or prints at start-up.
public struct ConsoleError: CodedError, Sendable {
    public enum Code: String, Sendable {
        case badDatabase = "bad_database"
        case notFound = "not_found"
        case badRequest = "bad_request"
        case forbidden
        case redisUnavailable = "redis_unavailable"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    var status: Int {
        switch code {
        case .notFound: 404
        case .badRequest, .badDatabase: 400
        case .forbidden: 403
        case .redisUnavailable: 503
        }
    }
}

import Foundation

/// `KnowledgeQuery` against a MediaWiki API (Wikipedia by default): one search request that
/// returns the plain-text lead sections of the best-matching pages, best first.
public struct MediaWikiKnowledgeSource: KnowledgeSource {
    public static let wikipedia = "https://en.wikipedia.org/w/api.php"

    public let apiURL: String
    let client: HTTPClient

    /// - Parameter apiURL: the wiki's `api.php`. Private addresses are refused unless allowed,
    ///   because the query text comes from the model.
    public init(apiURL: String = MediaWikiKnowledgeSource.wikipedia, configuration: HTTPClient.Configuration = HTTPClient.Configuration(
        connectTimeout: 10, totalTimeout: 20, maxResponseBytes: 2 << 20)) {
        self.apiURL = apiURL
        self.client = HTTPClient(configuration: configuration)
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public func search(_ query: String, limit: Int) throws -> [KnowledgeDocument] {
        guard var components = URLComponents(string: apiURL) else {
            throw Failure(description: "The MediaWiki API URL \(apiURL.debugDescription) is not a URL.")
        }
        let count = String(max(1, min(limit, 20)))
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "action", value: "query"), URLQueryItem(name: "format", value: "json"),
            URLQueryItem(name: "formatversion", value: "2"), URLQueryItem(name: "generator", value: "search"),
            URLQueryItem(name: "gsrsearch", value: query), URLQueryItem(name: "gsrlimit", value: count),
            URLQueryItem(name: "prop", value: "extracts"), URLQueryItem(name: "explaintext", value: "1"),
            URLQueryItem(name: "exintro", value: "1"), URLQueryItem(name: "exlimit", value: count),
            URLQueryItem(name: "redirects", value: "1"),
        ]
        // `+` is literal in a query item but means space to PHP; encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.string else { throw Failure(description: "Cannot build a search URL for \(query.debugDescription).") }
        let response = try client.send(HTTPRequest(url: url, headers: ["Accept": "application/json"]))
        guard response.status == 200 else {
            throw Failure(description: "The MediaWiki API answered HTTP \(response.status).")
        }
        return try Self.documents(from: response.body)
    }

    static func documents(from body: [UInt8]) throws -> [KnowledgeDocument] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw Failure(description: "The MediaWiki API reply is not JSON.")
        }
        if let error = object["error"] as? [String: Any] {
            throw Failure(description: "The MediaWiki API refused the query: \(error["info"] as? String ?? "unknown error").")
        }
        let pages = ((object["query"] as? [String: Any])?["pages"] as? [[String: Any]]) ?? []
        return pages
            .sorted { ($0["index"] as? Int ?? .max) < ($1["index"] as? Int ?? .max) }
            .compactMap { page in
                guard let title = page["title"] as? String, let text = page["extract"] as? String,
                      !text.pythonStripped.isEmpty else { return nil }
                return KnowledgeDocument(title: title, text: text)
            }
    }
}

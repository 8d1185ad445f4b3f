import Foundation
import HTTPTypes
import Hummingbird
import Queue
import ResultStore

extension ConsoleServer {
    /// A read-only page: refused without the token only when reads are protected. Errors become
    /// pages with a sentence the reader can act on.
    static func read(_ request: Request, _ state: ConsoleState, fragment: Bool = false,
                     _ render: @escaping @Sendable (Bool) throws -> HTML) async throws -> Response {
        let signedIn = signedIn(request, state)
        if state.configuration.protectReads, !signedIn {
            return errorPage(ConsoleError(.forbidden, "This console asks for its token to read pages: open the link printed at start-up."), signedIn: false)
        }
        do {
            let html = try await Blocking.run { try render(signedIn) }
            return htmlResponse(html)
        } catch {
            let failure = consoleError(error)
            return fragment ? htmlResponse(HTML(raw: "<p class=\"bad\">\(HTML.escape(failure.message))</p>"), status: failure.status)
                : errorPage(failure, signedIn: signedIn)
        }
    }

    /// A state change: POST only (the router sees to that), refused with 403 without the token;
    /// on success, redirects to the page `change` returns.
    static func write(_ request: Request, _ state: ConsoleState, _ change: @escaping @Sendable (FormBody) throws -> String) async throws -> Response {
        guard signedIn(request, state) else {
            return errorPage(ConsoleError(.forbidden, "Changes need the console's token: open the link printed at start-up (or send 'Authorization: Bearer TOKEN')."), signedIn: false)
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let form = FormBody(String(buffer: buffer))
        do {
            let location = try await Blocking.run { try change(form) }
            return Response(status: .seeOther, headers: [.location: location])
        } catch {
            return errorPage(consoleError(error), signedIn: true)
        }
    }

    static func signedIn(_ request: Request, _ state: ConsoleState) -> Bool {
        state.token.matches(AccessToken.presented(authorization: request.headers[.authorization], cookie: request.headers[.cookie]))
    }

    static func consoleError(_ error: any Error) -> ConsoleError {
        switch error {
        case let error as ConsoleError: error
        case let error as QueueError: ConsoleError(.redisUnavailable, "Redis: \(error.message)")
        case let error as StoreError: ConsoleError(.badDatabase, "Results database: \(error.message)")
        default: ConsoleError(.badRequest, "\(error)")
        }
    }

    static func errorPage(_ error: ConsoleError, signedIn: Bool) -> Response {
        var body = HTML(raw: "<h1>\(error.status == 403 ? "Not allowed" : "Something is wrong")</h1><p class=\"bad\" id=\"error\">")
        body.text(error.message)
        body.raw("</p>")
        return htmlResponse(Layout.page(title: "Error", active: "", signedIn: signedIn, body), status: error.status)
    }

    static func htmlResponse(_ html: HTML, status: Int = 200) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        // Escaping is the defence; this is the second wall: only the console's own script file
        // runs, so even markup that slipped through could not execute inline code or handlers.
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.text)))
    }
}

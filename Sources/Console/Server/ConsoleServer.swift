import Foundation
import Hummingbird
import Logging
import Queue

/// The console's HTTP server: routes, the token check and the page responses.
public struct ConsoleServer: Sendable {
    let state: ConsoleState

    /// Connects to Redis and opens (and migrates) the result databases.
    public init(configuration: ConsoleConfiguration) throws {
        state = try ConsoleState(configuration: configuration)
    }

    /// Serves until SIGINT or SIGTERM; `onListening` receives the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        defer { state.close() }
        var logger = Logger(label: "lumos.console")
        logger.logLevel = .warning
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(state.configuration.host, port: state.configuration.port), serverName: "lumos-console"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let state = self.state
        router.get("/console.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: Layout.script)))
        }
        router.get("/login") { request, _ in
            let query = FormBody(request.uri.query ?? "")
            guard state.token.matches(query["token"]) else {
                return Self.errorPage(ConsoleError(.forbidden, "That token is not the console's. Use the link printed when the console started."), signedIn: false)
            }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = "\(AccessToken.cookieName)=\(state.token.value); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        router.get("/") { request, _ in
            try await Self.read(request, state) { signedIn in
                let overview = try state.overview()
                return OverviewPage.page(overview, rates: state.tracker.worker, signedIn: signedIn)
            }
        }
        router.get("/live/overview") { request, _ in
            try await Self.read(request, state, fragment: true) { _ in
                OverviewPage.fragment(try state.overview(), rates: state.tracker.worker)
            }
        }
        router.get("/batches") { request, _ in
            try await Self.read(request, state) { BatchesPage.page(try state.batches(), signedIn: $0) }
        }
        router.get("/live/batches") { request, _ in
            try await Self.read(request, state, fragment: true) { _ in BatchesPage.table(try state.batches()) }
        }
        router.get("/batches/:queue/:batch") { request, context in
            let (queue, batch) = (Self.parameter(context, "queue"), Self.parameter(context, "batch"))
            return try await Self.read(request, state) { signedIn in
                BatchPage.page(try state.batch(batch, in: queue), locate: { try? state.locate(taskID: $0, attempt: $1) }, signedIn: signedIn)
            }
        }
        router.get("/live/batches/:queue/:batch") { request, context in
            let (queue, batch) = (Self.parameter(context, "queue"), Self.parameter(context, "batch"))
            return try await Self.read(request, state, fragment: true) { _ in
                BatchPage.fragment(try state.batch(batch, in: queue), locate: { try? state.locate(taskID: $0, attempt: $1) })
            }
        }
        router.get("/dead") { request, _ in
            let name = FormBody(request.uri.query ?? "")["queue"].flatMap { $0.isEmpty ? nil : $0 } ?? QueueConfiguration.defaultQueue
            return try await Self.read(request, state) { signedIn in
                DeadLettersPage.page(queue: name, queues: try state.queue.knownQueues(), total: try state.queue.deadCount(in: name),
                                     tasks: try state.queue.deadTasks(in: name, limit: 200), signedIn: signedIn)
            }
        }
        router.post("/dead/:action") { request, context in
            let action = Self.parameter(context, "action")
            return try await Self.write(request, state) { form in
                guard let name = form["queue"], !name.isEmpty else { throw ConsoleError(.badRequest, "Say which queue (the form's 'queue' field).") }
                let ids = form["id"].flatMap { $0.isEmpty ? nil : [$0] }
                switch action {
                case "requeue": _ = try state.queue.requeueDead(in: name, ids: ids)
                case "purge": _ = try state.queue.purgeDead(in: name, ids: ids)
                default: throw ConsoleError(.notFound, "Dead letters can be requeued or purged, not '\(action)'.")
                }
                return "/dead?queue=" + HTML.urlComponent(name)
            }
        }
        router.post("/tasks/cancel") { request, _ in
            try await Self.write(request, state) { form in
                guard let name = form["queue"], let task = form["task"], !task.isEmpty else {
                    throw ConsoleError(.badRequest, "Give the queue and the task id to cancel.")
                }
                do {
                    try state.queue.cancel(taskId: task, in: name)
                } catch let error as QueueError {
                    throw ConsoleError(.badRequest, error.message)
                }
                return form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/batches"
            }
        }
        addTrajectoryRoutes(router)
        return router
    }

    static func parameter(_ context: BasicRequestContext, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}

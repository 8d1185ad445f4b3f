import AgentCore
import Foundation
import Hummingbird
import ResultStore

extension ConsoleServer {
    func addTrajectoryRoutes(_ router: Router<BasicRequestContext>) {
        let state = self.state
        router.get("/trajectories") { request, _ in
            let form = FormBody(request.uri.query ?? "")
            return try await Self.read(request, state) { signedIn in
                let filters = Self.filters(form)
                let cursor = ConsoleState.ListCursor(filters.cursor)
                let (rows, next) = try state.list(filters.query, only: filters.database, from: cursor)
                return TrajectoryListPage.page(rows: rows, next: next, filters: filters, facets: try state.cachedFacets(),
                                               databases: state.databaseNames, signedIn: signedIn)
            }
        }
        router.get("/trajectories/:db/:id") { request, context in
            let (database, id) = (Int(Self.parameter(context, "db")), Int(Self.parameter(context, "id")))
            return try await Self.read(request, state) { signedIn in
                guard let database, let id, let found = try state.store(database).attempt(id: id) else {
                    throw ConsoleError(.notFound, "There is no such stored attempt; it may have been written again since the list was shown.")
                }
                return TrajectoryPage.page(database: database, id: id, stored: found.attempt, review: found.review, signedIn: signedIn)
            }
        }
        router.post("/trajectories/:db/:id/review") { request, context in
            let (database, id) = (Int(Self.parameter(context, "db")), Int(Self.parameter(context, "id")))
            return try await Self.write(request, state) { form in
                guard let database, let id, let found = try state.store(database).attempt(id: id) else {
                    throw ConsoleError(.notFound, "There is no such stored attempt to review.")
                }
                guard let verdict = form["verdict"].flatMap(Review.Verdict.init(rawValue:)) else {
                    throw ConsoleError(.badRequest, "A review is 'accepted' or 'rejected'.")
                }
                let t = found.attempt.trajectory
                do {
                    try state.store(database).setReview(Review(taskID: t.task.id, attempt: t.attempt, verdict: verdict, reason: form["reason"]))
                } catch let error as StoreError {
                    throw ConsoleError(.badRequest, error.message)
                }
                return "/trajectories/\(database)/\(id)"
            }
        }
    }

    static func filters(_ form: FormBody) -> TrajectoryListPage.Filters {
        func value(_ key: String) -> String? { form[key].flatMap { $0.isEmpty ? nil : $0 } }
        var filters = TrajectoryListPage.Filters()
        filters.query = AttemptQuery(
            dataset: value("dataset"), formulation: value("formulation"),
            correct: value("correct").map { $0 == "yes" }, termination: value("termination"), model: value("model"),
            worker: value("worker"), text: value("q"),
            verdict: value("review").flatMap(Review.Verdict.init(rawValue:)), unreviewed: value("review") == "unreviewed")
        filters.review = value("review")
        filters.database = value("db").flatMap(Int.init)
        filters.cursor = value("at")
        return filters
    }
}

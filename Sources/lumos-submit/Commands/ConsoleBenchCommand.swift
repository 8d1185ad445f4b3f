import ArgumentParser
import Console
import Foundation
import LumosCLI
import Queue

struct ConsoleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console-bench",
        abstract: "Time the console's trajectory list on a generated database (use a release build).",
        discussion: "Generates --attempts attempts into --db (unless it exists), serves them with a private redis-server, and reports the median time of several list pages."
    )

    @Option(help: "The database to generate (kept; reused when it exists).") var db = "console-bench.db"
    @Option(help: "Attempts to generate.") var attempts = 100_000
    @Option(help: "Requests per page.") var runs = 30
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard attempts > 0, runs > 0 else { throw ValidationError("--attempts and --runs must be at least 1.") }
    }

    func run() async throws {
        if !FileManager.default.fileExists(atPath: db) {
            printError("Generating \(attempts) attempts into \(db)…")
            try ConsoleBenchmark.generate(path: db, attempts: attempts)
        }
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let token = AccessToken.generate().value
        let server = try ConsoleServer(configuration: ConsoleConfiguration(redis: redis.url, databases: [db], port: 0, token: token))
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run { portContinuation.yield($0) } }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CommandFailure("The console did not start.") }
        let runs = self.runs
        let cases = try await Task.detached {
            try ConsoleBenchmark.measure(base: "http://127.0.0.1:\(port)", token: token, runs: runs, cases: [
                ("first page, no filter", "/trajectories"),
                ("page 100 deep (keyset cursor)", "/trajectories?at=0:\(max(1, attempts - 5_000))"),
                ("correct only", "/trajectories?correct=yes"),
                ("dataset + worker", "/trajectories?dataset=svamp&worker=worker-3"),
                ("text search, common", "/trajectories?q=marbles"),
                ("text search, one match", "/trajectories?q=day+\(attempts / 2).+How"),
                ("text search, no match", "/trajectories?q=zebra"),
            ])
        }.value
        serving.cancel()
        if json {
            print(try CommandJSON.render(cases))
        } else {
            for item in cases {
                print("\(item.name): median \(String(format: "%.1f", item.medianMilliseconds)) ms, p90 \(String(format: "%.1f", item.p90Milliseconds)) ms, \(item.rows) rows  (\(item.path))")
            }
        }
    }
}

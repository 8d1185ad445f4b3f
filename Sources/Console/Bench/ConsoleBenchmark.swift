import AgentCore
import Foundation
import ResultStore

/// Builds a results database of many generated attempts and times the trajectory list page over
/// real HTTP against a running console: the figure docs/console.md reports.
public enum ConsoleBenchmark {
    /// Writes `attempts` generated attempts (varied datasets, workers, models, terminations and
    /// questions; about one in five correct) into a new database at `path`.
    public static func generate(path: String, attempts: Int, progress: (Int) -> Void = { _ in }) throws {
        let store = try TrajectoryStore.open(path: path)
        defer { store.close() }
        let models = [ModelIdentity(backend: .engine, location: "bench", name: "gemma-a"), ModelIdentity(backend: .engine, location: "bench", name: "gemma-b")]
        let datasets: [Dataset] = [.gsm8k, .svamp, .hotpotqa, .strategyqa]
        let terminations: [TerminationReason] = [.answered, .answered, .answered, .turnLimit, .modelError]
        let nouns = ["apples", "marbles", "tickets", "books", "coins", "stamps", "pencils", "oranges", "cookies", "shells"]
        let names = ["Ann", "Bob", "Carla", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
        var batch: [Trajectory] = []
        for i in 0..<attempts {
            let dataset = datasets[i % datasets.count]
            let a = i % 97 + 2, b = i % 13 + 1
            let question = "\(names[i % names.count]) has \(a) \(nouns[(i / 10) % nouns.count]) and buys \(b) more on day \(i). How many \(nouns[(i / 10) % nouns.count]) are there now?"
            let task = AgentTask(id: "bench-\(i)", dataset: dataset, domain: dataset.domain ?? .maths, formulation: i % 3 == 0 ? .onetime : .iterative,
                                 question: question, answer: "#### \(a + b)", source: "bench:\(i)")
            let correct = i % 5 == 0
            let call = ModelCall(module: .ground, step: 1, model: models[i % 2].name, prompt: "Question: \(question)", completion: "R1 = Calculator(\(a) + \(b))",
                                 finishReason: .stop, promptTokens: 300, completionTokens: 12, cachedPromptTokens: 200, milliseconds: 400)
            let action = ActionRecord(step: 1, raw: "R1 = Calculator(\(a) + \(b))", name: "Calculator", outputs: ["R1"], arguments: "\(a) + \(b)",
                                      substitutedArguments: "\(a) + \(b)", result: String(correct ? a + b : a + b + 1), milliseconds: 1)
            batch.append(Trajectory(
                task: task, attempt: 1, planModel: models[i % 2], groundModel: models[i % 2],
                steps: [Step(index: 1, plannerOutput: "Subgoal 1: Add the numbers.", subgoals: ["Subgoal 1: Add the numbers."])],
                modelCalls: [call], actions: [action], finalAnswer: String(correct ? a + b : a + b + 1), goldAnswer: String(a + b),
                correct: correct, termination: terminations[i % terminations.count],
                startedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), milliseconds: Double(1000 + i % 3000)))
            if batch.count == 1000 || i == attempts - 1 {
                try store.write(batch, workerID: "worker-\(i / 1000 % 8)")
                batch.removeAll(keepingCapacity: true)
                progress(i + 1)
            }
        }
    }

    public struct Case: Sendable, Codable {
        public var name: String
        public var path: String
        public var medianMilliseconds: Double
        public var p90Milliseconds: Double
        public var rows: Int
    }

    /// Times GET `path` `runs` times per case against the console at `base` (after one warm-up).
    public static func measure(base: String, token: String, runs: Int, cases: [(String, String)]) throws -> [Case] {
        let client = HTTPClient(configuration: .init(connectTimeout: 5, totalTimeout: 30, maxResponseBytes: 64 << 20, allowPrivateNetworks: true))
        return try cases.map { name, path in
            var times: [Double] = []
            var rows = 0
            for run in 0...runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let response: HTTPResponse
                do {
                    response = try client.send(HTTPRequest(url: base + path, headers: ["Authorization": "Bearer \(token)"]))
                } catch {
                    throw ConsoleError(.badRequest, "GET \(path) failed: \(error)")
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                guard response.status == 200 else { throw ConsoleError(.badRequest, "GET \(path) answered \(response.status).") }
                if run > 0 { times.append(elapsed) }
                rows = response.text.components(separatedBy: "<tr><td><a href=\"/trajectories/").count - 1
            }
            times.sort()
            return Case(name: name, path: path, medianMilliseconds: times[times.count / 2],
                        p90Milliseconds: times[min(times.count - 1, Int(Double(times.count) * 0.9))], rows: rows)
        }
    }
}

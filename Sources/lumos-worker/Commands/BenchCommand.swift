import ArgumentParser
import Engine
import Foundation
import LumosCLI

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prompt-processing and generation speed (like llama-bench's pp512 and tg128, or with --parallel like llama-batched-bench)."
    )

    @OptionGroup var engine: EngineOptions

    @Option(name: .short, help: "Prompt tokens processed in one batch (pp).")
    var p = 512

    @Option(name: .short, help: "Tokens generated one at a time (tg).")
    var n = 128

    @Option(name: .short, help: "Tokens already in the cache before each measurement (like llama-bench's -d): speed at a long context.")
    var d = 0

    @Option(name: .shortAndLong, help: "Repetitions; the mean is reported.")
    var repetitions = 3

    @Option(help: "Sequences at once, each on its own thread, sharing passes (like llama-batched-bench -npl): aggregate tokens/s for -p prompt and -n generated tokens each.")
    var parallel: Int?

    @Flag(help: "With --parallel: run each sequence's passes alone (no batching), to see what batching gives.")
    var noBatching = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard p >= 0, n >= 0, d >= 0, p + n > 0 else {
            throw ValidationError("-p, -n and -d must not be negative, and -p or -n must be above 0.")
        }
        try FlagCheck.within(parallel, 1...256, flag: "--parallel")
        if parallel != nil, p == 0 || n == 0 || d > 0 {
            throw ValidationError("--parallel needs -p and -n above 0 and no -d (each sequence prefills -p tokens, then generates -n).")
        }
    }

    func run() throws {
        let model = try engine.loadModel()
        if let parallel { return try runParallel(model: model, sequences: parallel) }
        let vocab = Int32(model.vocabularySize)
        // Like llama-bench: arbitrary token ids, an empty cache for each measurement.
        var rng = SystemRandomNumberGenerator()
        func tokens(_ count: Int) -> [Int32] { (0..<count).map { _ in Int32.random(in: 0..<vocab, using: &rng) } }
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

        // Warm-up: touches the weights and starts the threads.
        try model.makeContext().append(tokens(max(1, min(p, 16))))

        var ppRates: [Double] = [], tgRates: [Double] = []
        for _ in 0..<max(1, repetitions) {
            if p > 0 {
                let context = model.makeContext(maxContext: d + p + n + 1)
                if d > 0 { try context.append(tokens(d)) }
                let prompt = tokens(p)
                let start = clock.now
                try context.append(prompt)
                ppRates.append(Double(p) / seconds(clock.now - start))
            }
            if n > 0 {
                let context = model.makeContext(maxContext: d + p + n + 1)
                if d > 0 { try context.append(tokens(d)) }
                let start = clock.now
                var token = tokens(1)[0]
                for _ in 0..<n {
                    let logits = try context.append([token])
                    token = Int32(logits.indices.max { logits[$0] < logits[$1] } ?? 0)
                }
                tgRates.append(Double(n) / seconds(clock.now - start))
            }
        }
        let pp = ppRates.isEmpty ? 0 : ppRates.reduce(0, +) / Double(ppRates.count)
        let tg = tgRates.isEmpty ? 0 : tgRates.reduce(0, +) / Double(tgRates.count)
        if json {
            let object: [String: Any] = [
                "model": model.name, "threads": model.pool.threadCount, "n_prompt": p, "n_gen": n, "n_depth": d,
                "pp_tokens_per_s": pp, "tg_tokens_per_s": tg,
            ]
            print(try CommandJSON.render(object: object))
        } else {
            print("model: \(model.name)  threads: \(model.pool.threadCount)")
            let at = d > 0 ? " @ d\(d)" : ""
            print("pp\(p)\(at): " + String(format: "%8.2f tokens/s", pp))
            print("tg\(n)\(at): " + String(format: "%8.2f tokens/s", tg))
        }
    }

    func runParallel(model: Model, sequences: Int) throws {
        try model.makeContext().append([1, 2, 3, 4])  // warm-up: touches the weights, starts the threads
        var runs: [ParallelBench.Figures] = []
        for _ in 0..<max(1, repetitions) {
            runs.append(try ParallelBench(model: model, sequences: sequences, promptTokens: p, generatedTokens: n, batching: !noBatching).measure())
        }
        func mean(_ key: KeyPath<ParallelBench.Figures, Double>) -> Double { runs.map { $0[keyPath: key] }.reduce(0, +) / Double(runs.count) }
        let pp = mean(\.prompt), tg = mean(\.generation), perStep = mean(\.passesPerStep)
        if json {
            print(try CommandJSON.render(object: [
                "model": model.name, "threads": model.pool.threadCount, "n_prompt": p, "n_gen": n, "parallel": sequences,
                "batching": !noBatching, "pp_tokens_per_s": pp, "tg_tokens_per_s": tg, "passes_per_step": perStep,
            ]))
        } else {
            print("model: \(model.name)  threads: \(model.pool.threadCount)  sequences: \(sequences)  batching: \(noBatching ? "off" : "on")")
            print("pp\(p) x \(sequences): " + String(format: "%8.2f tokens/s (aggregate)", pp))
            print("tg\(n) x \(sequences): " + String(format: "%8.2f tokens/s (aggregate), %.2f passes per step", tg, perStep))
        }
    }
}

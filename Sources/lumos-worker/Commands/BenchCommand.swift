import ArgumentParser
import Engine
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prompt-processing and generation speed (like llama-bench's pp512 and tg128)."
    )

    @OptionGroup var engine: EngineOptions

    @Option(name: .short, help: "Prompt tokens processed in one batch (pp).")
    var p = 512

    @Option(name: .short, help: "Tokens generated one at a time (tg).")
    var n = 128

    @Option(name: .shortAndLong, help: "Repetitions; the mean is reported.")
    var repetitions = 3

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let model = try engine.loadModel()
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
                let context = model.makeContext(maxContext: p + n + 1)
                let prompt = tokens(p)
                let start = clock.now
                try context.append(prompt)
                ppRates.append(Double(p) / seconds(clock.now - start))
            }
            if n > 0 {
                let context = model.makeContext(maxContext: p + n + 1)
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
                "model": model.name, "threads": model.pool.threadCount, "n_prompt": p, "n_gen": n,
                "pp_tokens_per_s": pp, "tg_tokens_per_s": tg,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("model: \(model.name)  threads: \(model.pool.threadCount)")
            print(String(format: "pp%d: %8.2f tokens/s", p, pp))
            print(String(format: "tg%d: %8.2f tokens/s", n, tg))
        }
    }
}

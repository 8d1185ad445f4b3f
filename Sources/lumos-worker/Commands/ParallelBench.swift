import Engine
import Foundation

/// llama-batched-bench's measurement on this engine: `sequences` sequences, each on a thread of its
/// own as the agent sessions of one worker are, sharing the model through one StepBatcher (or, with
/// `batching` off, taking turns on it). Each prefills `promptTokens` arbitrary tokens, then all
/// generate `generatedTokens` greedily.
struct ParallelBench {
    let model: Model
    let sequences: Int
    let promptTokens: Int
    let generatedTokens: Int
    let batching: Bool

    struct Figures {
        /// Aggregate prompt tokens per second over all sequences.
        var prompt: Double
        /// Aggregate generated tokens per second over all sequences.
        var generation: Double
        /// Forward passes per generation step: 1 when every step of all sequences shared one pass.
        var passesPerStep: Double
    }

    func measure() throws -> Figures {
        let batcher = batching ? StepBatcher(model: model) : nil
        let maxContext = promptTokens + generatedTokens + 1
        let contexts = Contexts((0..<sequences).map { _ in model.makeContext(maxContext: maxContext, batcher: batcher) })
        let vocab = Int32(model.vocabularySize)
        let prompts = (0..<sequences).map { _ in (0..<promptTokens).map { _ in Int32.random(in: 0..<vocab) } }
        let firstTokens = SharedTokens(count: sequences)
        let prefill = try Self.timed(threads: sequences, batcher: batcher) { i in
            firstTokens.set(i, Self.argmax(try contexts.all[i].append(prompts[i])))
        }
        let before = batcher?.statistics.passes ?? 0
        let steps = generatedTokens
        let generation = try Self.timed(threads: sequences, batcher: batcher) { i in
            var token = firstTokens.get(i)
            for _ in 0..<steps { token = Self.argmax(try contexts.all[i].append([token])) }
        }
        let passes = batcher.map { $0.statistics.passes - before } ?? sequences * steps
        return Figures(
            prompt: Double(sequences * promptTokens) / prefill, generation: Double(sequences * steps) / generation,
            passesPerStep: Double(passes) / Double(steps))
    }

    static func argmax(_ logits: [Float]) -> Int32 {
        Int32(logits.indices.max { logits[$0] < logits[$1] } ?? 0)
    }

    /// Runs `body(i)` on `threads` threads of their own (a pool capped at the core count would keep
    /// sequences from being in flight together) and returns the wall time in seconds. Each sequence
    /// is active in the batcher from the start until its own work ends, as in a generation.
    static func timed(threads: Int, batcher: StepBatcher?, _ body: @escaping @Sendable (Int) throws -> Void) throws -> Double {
        let group = DispatchGroup()
        let failure = SharedFailure()
        for _ in 0..<threads { batcher?.beginSequence() }
        let start = Date()
        for i in 0..<threads {
            group.enter()
            let thread = Thread {
                do { try body(i) } catch { failure.record(error) }
                batcher?.endSequence()
                group.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        if let error = failure.error { throw error }
        return Date().timeIntervalSince(start)
    }
}

/// The sequences' contexts: each is driven by its own thread only.
private final class Contexts: @unchecked Sendable {
    let all: [InferenceContext]
    init(_ all: [InferenceContext]) { self.all = all }
}

/// The first token of each sequence, written by its own thread.
private final class SharedTokens: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var tokens: [Int32]
    init(count: Int) { tokens = Array(repeating: 0, count: count) }
    func set(_ i: Int, _ token: Int32) { lock.withLock { tokens[i] = token } }
    func get(_ i: Int) -> Int32 { lock.withLock { tokens[i] } }
}

/// The first error any sequence's thread hit.
private final class SharedFailure: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var first: (any Error)?
    func record(_ error: any Error) { lock.withLock { if first == nil { first = error } } }
    var error: (any Error)? { lock.withLock { first } }
}

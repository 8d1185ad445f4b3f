import Foundation

/// Picks tokens from logits. Never sorts the whole vocabulary: top-k keeps a small sorted candidate list
/// in one pass (top-k ≤ 0 falls back to every token, which is slower but still correct).
public struct Sampler: Sendable {
    public let parameters: SamplingParameters
    private var rng: SplitMix64

    public init(_ parameters: SamplingParameters) {
        self.parameters = parameters
        rng = SplitMix64(seed: parameters.seed)
    }

    /// The next token given the logits after the last token and the tokens seen so far.
    public mutating func sample(_ logits: [Float], history: [Int32]) -> Int32 {
        var logits = logits
        applyRepetitionPenalty(&logits, history: history)
        if parameters.temperature <= 0 { return Int32(Self.argmax(logits)) }

        var candidates = topK(logits, k: parameters.topK > 0 ? parameters.topK : logits.count)
        // top-p on temperature-1 probabilities, as llama.cpp applies temperature last.
        if parameters.topP < 1 {
            let probs = Self.softmax(candidates.map(\.logit))
            var cumulative: Float = 0
            var keep = candidates.count
            for (i, p) in probs.enumerated() {
                cumulative += p
                if cumulative >= parameters.topP { keep = i + 1; break }
            }
            candidates.removeSubrange(max(1, keep)...)
        }
        if parameters.minP > 0, let top = candidates.first?.logit {
            let floor = top + logf(parameters.minP)
            let kept = candidates.filter { $0.logit >= floor }
            if !kept.isEmpty { candidates = kept }
        }
        let probs = Self.softmax(candidates.map { $0.logit / parameters.temperature })
        let u = Float(Double(rng.next() >> 11) * 0x1.0p-53)
        var running: Float = 0
        for (i, p) in probs.enumerated() {
            running += p
            if running >= u { return candidates[i].token }
        }
        return candidates.last!.token
    }

    private func applyRepetitionPenalty(_ logits: inout [Float], history: [Int32]) {
        let penalty = parameters.repetitionPenalty
        guard penalty != 1, parameters.penaltyLastN != 0 else { return }
        let recent = parameters.penaltyLastN < 0 ? history[...] : history.suffix(parameters.penaltyLastN)
        for token in Set(recent) where Int(token) < logits.count && token >= 0 {
            let l = logits[Int(token)]
            logits[Int(token)] = l > 0 ? l / penalty : l * penalty
        }
    }

    struct Candidate { let token: Int32; let logit: Float }

    /// The k largest logits, largest first.
    private func topK(_ logits: [Float], k: Int) -> [Candidate] {
        if k >= logits.count {
            return logits.enumerated().map { Candidate(token: Int32($0.offset), logit: $0.element) }.sorted { $0.logit > $1.logit }
        }
        var best: [Candidate] = []
        best.reserveCapacity(k + 1)
        var threshold = -Float.infinity
        for (i, l) in logits.enumerated() where best.count < k || l > threshold {
            let at = best.firstIndex { $0.logit < l } ?? best.count
            best.insert(Candidate(token: Int32(i), logit: l), at: at)
            if best.count > k { best.removeLast() }
            if best.count == k { threshold = best[k - 1].logit }
        }
        return best
    }

    static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for (i, l) in logits.enumerated() where l > bestValue {
            best = i
            bestValue = l
        }
        return best
    }

    static func softmax(_ values: [Float]) -> [Float] {
        guard let max = values.max() else { return [] }
        let e = values.map { expf($0 - max) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }
}

/// A small, fast, seedable generator: the same seed gives the same draws on every platform.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
        return z ^ (z >> 31)
    }
}

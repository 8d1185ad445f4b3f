@testable import Engine
import Testing

struct SamplingTests {
    let logits: [Float] = [1, 5, 3, 4.9, -2, 0]

    @Test func greedyPicksTheLargestLogit() {
        var sampler = Sampler(.greedy)
        #expect(sampler.sample(logits, history: []) == 1)
    }

    @Test func repetitionPenaltyCanChangeTheGreedyChoice() {
        var sampler = Sampler(SamplingParameters(repetitionPenalty: 1.5))
        #expect(sampler.sample(logits, history: [1]) == 3)
    }

    @Test func sameSeedGivesSameDrawsAndTopKLimitsChoices() {
        let params = SamplingParameters(temperature: 1.5, topK: 2, topP: 1, minP: 0, seed: 42)
        var a = Sampler(params), b = Sampler(params)
        let drawsA = (0..<200).map { _ in a.sample(logits, history: []) }
        let drawsB = (0..<200).map { _ in b.sample(logits, history: []) }
        #expect(drawsA == drawsB)
        #expect(Set(drawsA) == [1, 3])
    }

    @Test func minPAndTopPDropUnlikelyTokens() {
        var sampler = Sampler(SamplingParameters(temperature: 1, topK: 0, topP: 0.5, minP: 0, seed: 7))
        let draws = Set((0..<100).map { _ in sampler.sample([10, 0, 0, 0], history: []) })
        #expect(draws == [0])
        var minP = Sampler(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0.5, seed: 7))
        let draws2 = Set((0..<200).map { _ in minP.sample([2, 2, -5, -5], history: []) })
        #expect(draws2 == [0, 1])
    }

    @Test func stopStringIsFoundAcrossTokensAndWithheldFromTheStream() {
        var stopper = TextStopper(stopStrings: ["\nObs"])
        var streamed = ""
        for piece in ["Act", "ion: go", "\n", "Ob", "s: x"] {
            if stopper.append(Array(piece.utf8)) { break }
            streamed += stopper.releasable(final: false) ?? ""
        }
        streamed += stopper.releasable(final: true) ?? ""
        #expect(stopper.text == "Action: go")
        #expect(streamed == "Action: go")
    }

    @Test func streamingNeverSplitsAUTF8Character() {
        var stopper = TextStopper(stopStrings: [])
        let bytes = Array("é😀".utf8)
        var out: [String] = []
        for b in bytes {
            _ = stopper.append([b])
            if let t = stopper.releasable(final: false) { out.append(t) }
        }
        #expect(out == ["é", "😀"])
    }
}

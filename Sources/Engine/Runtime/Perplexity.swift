import Foundation

/// Perplexity the way `llama-perplexity` computes it (golden/README.md): tokenize once with BOS, cut into
/// chunks of `contextLength` (the remainder is dropped), put BOS first in each chunk, run each chunk from
/// an empty cache, and score token j+1 under the logits at j for j in contextLength/2 ..< contextLength-1.
public enum Perplexity {
    public struct Result: Sendable {
        public let perplexity: Double
        public let chunks: Int
        public let scoredTokens: Int
    }

    public static func compute(model: Model, text: String, contextLength: Int, maxChunks: Int? = nil) throws -> Result {
        guard contextLength >= 4 else { throw ModelError(.invalidMetadata, "the chunk length must be at least 4 tokens, got \(contextLength).") }
        let tokens = model.tokenize(text, addBOS: true)
        var chunkCount = tokens.count / contextLength
        if let maxChunks { chunkCount = min(chunkCount, maxChunks) }
        guard chunkCount > 0 else {
            throw ModelError(.emptyPrompt, "the text has \(tokens.count) tokens, fewer than one chunk of \(contextLength); use a longer text or shorter chunks.")
        }
        let first = contextLength / 2
        var nll = 0.0
        var count = 0
        let context = model.makeContext(maxContext: contextLength)
        for c in 0..<chunkCount {
            var chunk = Array(tokens[(c * contextLength)..<((c + 1) * contextLength)])
            if let bos = model.tokenizer.bos { chunk[0] = bos }
            context.reset()
            try context.evaluate(chunk, logitRows: Array(first..<(contextLength - 1))) { row, logits in
                nll += negativeLogLikelihood(logits, target: Int(chunk[row + 1]))
                count += 1
            }
        }
        return Result(perplexity: exp(nll / Double(count)), chunks: chunkCount, scoredTokens: count)
    }

    static func negativeLogLikelihood(_ logits: UnsafeBufferPointer<Float>, target: Int) -> Double {
        var max = -Float.infinity
        for l in logits where l > max { max = l }
        var sum = 0.0
        for l in logits { sum += Double(expf(l - max)) }
        return log(sum) + Double(max) - Double(logits[target])
    }
}

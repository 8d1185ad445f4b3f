/// Okapi BM25 ranking for `ParagraphRetrieve`, in place of Lumos's DPR reader (lumos-spec §7.2).
public struct BM25: Sendable {
    public var k1: Double = 1.5
    public var b: Double = 0.75

    public init() {}

    /// Indices of `documents` by descending score for `query`; ties keep document order.
    public func rank(query: String, documents: [String]) -> [(index: Int, score: Double)] {
        let docs = documents.map(Self.terms)
        guard !docs.isEmpty else { return [] }
        let averageLength = max(1, Double(docs.reduce(0) { $0 + $1.count }) / Double(docs.count))
        var documentFrequency: [String: Int] = [:]
        for doc in docs {
            for term in Set(doc) { documentFrequency[term, default: 0] += 1 }
        }
        let queryTerms = Set(Self.terms(query))
        let n = Double(docs.count)
        let scored = docs.enumerated().map { index, doc -> (index: Int, score: Double) in
            var counts: [String: Int] = [:]
            for term in doc { counts[term, default: 0] += 1 }
            let length = Double(doc.count)
            var score = 0.0
            for term in queryTerms {
                guard let tf = counts[term].map(Double.init) else { continue }
                let df = Double(documentFrequency[term] ?? 0)
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength))
            }
            return (index, score)
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    }

    /// Lower-cased alphanumeric runs.
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                terms.append(current)
                current = ""
            }
        }
        if !current.isEmpty { terms.append(current) }
        return terms
    }
}

import Foundation

import Foundation

/// The fields of a worker's result event the console charts, decoded without the rest of the
/// trajectory. Missing fields (a failure event has no payload) stay nil.
struct EventDigest: Decodable {
    struct Call: Decodable {
        var completionTokens: Int?
        var milliseconds: Double?
        var generationMilliseconds: Double?
    }

    struct Calls: Decodable {
        var modelCalls: [Call]?
    }

    var correct: Bool?
    var milliseconds: Double?
    var completionTokens: Int?
    var workerId: String?
    var trajectory: Calls?

    static func decode(_ data: Data?) -> EventDigest? {
        guard let data, !data.isEmpty else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(EventDigest.self, from: data)
    }

    /// Generated tokens and the milliseconds spent generating them: the engine's own timing
    /// when the trajectory came along, else the whole task time (a lower bound on the rate).
    var generation: (tokens: Int, milliseconds: Double)? {
        if let calls = trajectory?.modelCalls, !calls.isEmpty {
            let tokens = calls.reduce(0) { $0 + ($1.completionTokens ?? 0) }
            let ms = calls.reduce(0.0) { $0 + ($1.generationMilliseconds ?? $1.milliseconds ?? 0) }
            return ms > 0 ? (tokens, ms) : nil
        }
        guard let tokens = completionTokens, let ms = milliseconds, ms > 0 else { return nil }
        return (tokens, ms)
    }
}

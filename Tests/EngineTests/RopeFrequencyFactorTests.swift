import Engine
import Foundation
import Testing
import TestSupport

/// A LLaMA 3.1-style file carries `rope_freqs.weight`: the engine loads it and applies it in the
/// forward pass (factors of 1 change nothing, other factors change the logits), and a wrong length
/// is a named shape error.
struct RopeFrequencyFactorTests {
    /// The tiny one-layer LLaMA with seeded random F32 weights (norms at 1), so RoPE shows in the logits.
    static func randomTinyLlama(factors: [Float]?) -> [UInt8] {
        ModelLoadingErrorTests.tinyLlama { tensors in
            var rng = SeededGenerator(state: 7)
            tensors = tensors.map { t in
                let count = t.data.count / 4
                let values: [Float] = t.name.hasSuffix("norm.weight")
                    ? Array(repeating: 1, count: count)
                    : (0..<count).map { _ in Float.random(in: -1...1, using: &rng) }
                return GGUFBuilder.Tensor(name: t.name, dims: t.dims, type: 0, data: values.flatMap { v in withUnsafeBytes(of: v) { Array($0) } })
            }
            if let factors {
                tensors.append(GGUFBuilder.Tensor(name: "rope_freqs.weight", dims: [UInt64(factors.count)], type: 0,
                                                  data: factors.flatMap { v in withUnsafeBytes(of: v) { Array($0) } }))
            }
        }
    }

    static func logits(_ bytes: [UInt8]) throws -> [Float] {
        let path = try TestFiles.temporary(bytes)
        defer { TestFiles.remove(path) }
        return try Model(path: path, threads: 1).makeContext().append([1, 3, 4, 5])
    }

    @Test func factorsOfOneChangeNothingAndOtherFactorsChangeTheLogits() throws {
        // head_dim 16, so 8 rotated pairs.
        let plain = try Self.logits(Self.randomTinyLlama(factors: nil))
        let ones = try Self.logits(Self.randomTinyLlama(factors: Array(repeating: 1, count: 8)))
        let scaled = try Self.logits(Self.randomTinyLlama(factors: [1, 2, 4, 8, 16, 32, 64, 128]))
        #expect(zip(plain, ones).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(zip(plain, scaled).contains { abs($0 - $1) > 1e-4 })
    }

    @Test func factorsOfTheWrongLengthAreANamedShapeError() throws {
        let path = try TestFiles.temporary(Self.randomTinyLlama(factors: Array(repeating: 1, count: 7)))
        defer { TestFiles.remove(path) }
        #expect {
            _ = try Model(path: path, threads: 1)
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.code == .shapeMismatch && error.message.contains("rope_freqs")
        }
    }
}

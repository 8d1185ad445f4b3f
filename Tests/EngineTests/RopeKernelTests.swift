import CKernels
import Foundation
import Testing

/// RoPE against the formula llama.cpp applies: pair i of a head turns by
/// pos · freq_scale · base^(-2i/n_rot) / freq_factor[i], NEOX pairs (i, i + n_rot/2) or NORM pairs
/// (2i, 2i+1); dimensions past n_rot stay as they are.
struct RopeKernelTests {
    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func rotationMatchesTheFormulaWithAndWithoutFrequencyFactors(neox: Bool, withFactors: Bool) {
        let heads = 2, headDim = 12, nRot = 8, pos = 37
        let base: Float = 500_000, freqScale: Float = 0.5
        let factors: [Float] = [1, 2, 4, 8]
        let input = (0..<(heads * headDim)).map { Float($0 % 7) - 3 + Float($0) / 10 }
        var x = input
        if withFactors {
            factors.withUnsafeBufferPointer { f in
                lumos_rope(&x, Int32(heads), Int32(headDim), Int32(nRot), Int32(pos), base, freqScale, f.baseAddress, neox ? 1 : 0)
            }
        } else {
            lumos_rope(&x, Int32(heads), Int32(headDim), Int32(nRot), Int32(pos), base, freqScale, nil, neox ? 1 : 0)
        }
        for h in 0..<heads {
            var expected = Array(input[(h * headDim)..<((h + 1) * headDim)])
            for i in 0..<(nRot / 2) {
                let divisor = withFactors ? Double(factors[i]) : 1
                let theta = Double(pos) * Double(freqScale) * pow(Double(base), -2 * Double(i) / Double(nRot)) / divisor
                let (a, b) = neox ? (i, i + nRot / 2) : (2 * i, 2 * i + 1)
                let x0 = Double(expected[a]), x1 = Double(expected[b])
                expected[a] = Float(x0 * cos(theta) - x1 * sin(theta))
                expected[b] = Float(x0 * sin(theta) + x1 * cos(theta))
            }
            for d in 0..<headDim {
                #expect(abs(x[h * headDim + d] - expected[d]) <= 1e-4, "head \(h) dim \(d): \(x[h * headDim + d]) vs \(expected[d])")
            }
        }
    }
}

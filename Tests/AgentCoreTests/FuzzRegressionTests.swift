import Foundation
import Testing
@testable import AgentCore
@testable import Maths

/// Inputs the fuzzers in Fuzz/ found (kept under Tests/Fixtures/fuzz/<target>/), run the way the
/// fuzz target runs them, plus the exact behaviour each fix must keep.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ target: String) -> [URL] {
        let folder = directory.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Like Fuzz/Sources/FuzzMaths: the first byte picks the tool, the rest is the argument.
    static func runMaths(_ bytes: [UInt8]) -> Result<String, MathsError> {
        let tools = ["Calculator", "SetEquation", "SolveEquation", "SolveInequality", "Count", "Define", "Code"]
        guard let first = bytes.first else { return .failure(MathsError(.empty, "no input")) }
        let argument = String(decoding: bytes.dropFirst(), as: UTF8.self)
        return Result { () throws(MathsError) in try MathsToolbox().run(tool: tools[Int(first) % tools.count], argument: argument) }
    }

    @Test func everyKeptMathsInputFinishesWithAResultOrAnError() throws {
        let inputs = Self.inputs("maths")
        #expect(!inputs.isEmpty)
        for url in inputs {
            _ = Self.runMaths([UInt8](try Data(contentsOf: url)))
        }
    }

    /// `Calculator(4004!)` ran past the fuzzer's time limit. Factorials now stop at 1000! and pack
    /// small factors into one word per big multiplication; the values must stay exact.
    @Test func factorialsStayExactAfterPackingTheirFactors() throws {
        let toolbox = MathsToolbox()
        #expect(try toolbox.run(tool: "Calculator", argument: "0!") == "1")
        #expect(try toolbox.run(tool: "Calculator", argument: "1!") == "1")
        #expect(try toolbox.run(tool: "Calculator", argument: "25!") == "15511210043330985984000000")
        let largest = try toolbox.run(tool: "Calculator", argument: "1000!")
        #expect(largest.count == 2568)
        #expect(largest.hasPrefix("402387260077093773543702433923"))
        #expect(largest.compactMap(\.wholeNumberValue).reduce(0, +) == 10539)
        for text in ["1001!", "4004!"] {
            let error = #expect(throws: MathsError.self) { try toolbox.run(tool: "Calculator", argument: text) }
            #expect(error?.code == .tooLarge)
        }
    }

    /// `SolveEquation(x52 -6 x^  6+x  7!x^ 60)` searched 20,000 rational-root candidates of a degree-60
    /// polynomial with rational arithmetic for minutes: the search is now bounded by candidates times
    /// degree and evaluates with whole numbers. Such an equation is refused; cubics still solve.
    @Test func highDegreeEquationsAreRefusedAndCubicsStillSolve() throws {
        let toolbox = MathsToolbox()
        let error = #expect(throws: MathsError.self) { try toolbox.run(tool: "SolveEquation", argument: "x52 -6 x^  6+x  7!x^ 60") }
        #expect(error != nil)
        #expect(try toolbox.run(tool: "SolveEquation", argument: "x^3 - 6x^2 + 11x - 6 = 0").contains("3"))
        let quartic = try toolbox.run(tool: "SolveEquation", argument: "2x^4 + x^3 - 14x^2 + 5x + 6 = 0")
        #expect(quartic.contains("-1/2") || quartic.contains("-0.5"), "\(quartic)")
    }

    /// `SolveEquation( 1=x^-199x x^-1 2x = 1=83.8^232x = 1= 1)` substituted a 2,000-bit value into `x^199`
    /// and multiplied for minutes: substitution now stops at `MathsValue.maximumBits`.
    @Test func substitutingHugeValuesIntoHighPowersIsRefused() throws {
        let toolbox = MathsToolbox()
        #expect(throws: MathsError.self) { try toolbox.run(tool: "SolveEquation", argument: " 1=x^-199x x^-1 2x = 1=83.8^232x = 1= 1") }
        #expect(try toolbox.run(tool: "SolveEquation", argument: "x + y = 10, x - y = 2").contains("6"))
    }

    @Test func bigIntProductsDoNotDependOnOperandOrder() {
        let a = BigInt(123_456_789).power(40)
        let b = BigInt(-987_654_321)
        #expect(a * b == b * a)
        #expect((a * b) / b == a)
        #expect(a * BigInt(1) == a)
    }
}

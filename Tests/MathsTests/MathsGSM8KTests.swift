import Foundation
import TestSupport
import Testing
@testable import Maths

/// Every `<<expression=result>>` calculator annotation of the GSM8K test set evaluates to its annotated result.
///
/// An annotation is well-formed when its expression (the text before the last `=`) parses as maths and its result is
/// a number. It passes when the engine's value equals the result, or when the result is a rounding of the exact
/// value to the places it shows (GSM8K writes e.g. `10/3=3.33`; the shipped test file happens to have none).
@Suite struct MathsGSM8KTests {
    static var datasetPath: String { TestData.gsm8k.path }

    struct Annotation {
        var expression: String
        var result: String
    }

    static func annotations() throws -> [Annotation] {
        let text = try String(contentsOfFile: datasetPath, encoding: .utf8)
        var found: [Annotation] = []
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let answer = object?["answer"] as? String else { continue }
            var rest = answer[...]
            while let open = rest.range(of: "<<"), let close = rest.range(of: ">>", range: open.upperBound..<rest.endIndex) {
                let body = rest[open.upperBound..<close.lowerBound]
                if let equals = body.lastIndex(of: "=") {
                    found.append(Annotation(expression: String(body[..<equals]), result: String(body[body.index(after: equals)...])))
                } else {
                    found.append(Annotation(expression: String(body), result: ""))
                }
                rest = rest[close.upperBound...]
            }
        }
        return found
    }

    /// The exact value of an engine result or annotation: integer, decimal or `p/q`.
    static func exactValue(_ text: String) -> BigRational? {
        let cleaned = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        let parts = cleaned.split(separator: "/")
        if parts.count == 2, let p = BigRational(decimal: String(parts[0])), let q = BigRational(decimal: String(parts[1])), !q.isZero {
            return p / q
        }
        var unsigned = cleaned
        var negative = false
        if unsigned.hasPrefix("-") { negative = true; unsigned.removeFirst() }
        guard let value = BigRational(decimal: unsigned) else { return nil }
        return negative ? -value : value
    }

    /// True when `annotated` equals `exact`, or is `exact` rounded (or truncated) to the decimal places it shows.
    static func matches(_ exact: BigRational, annotated: String) -> Bool {
        guard let claimed = exactValue(annotated) else { return false }
        if claimed == exact { return true }
        let places = annotated.split(separator: ".").count == 2 ? annotated.split(separator: ".")[1].count : 0
        let scale = BigRational(10).power(places)
        let rounded = BigRational((exact * scale).rounded) / scale
        let truncated = BigRational((exact * scale).isNegative ? (exact * scale).ceiling : (exact * scale).floor) / scale
        return claimed == rounded || claimed == truncated
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: datasetPath)))
    func everyWellFormedAnnotationEvaluatesToItsResult() throws {
        let annotations = try Self.annotations()
        let toolbox = MathsToolbox()
        var wellFormed = 0
        var failures: [String] = []
        let start = Date()
        for annotation in annotations {
            guard Self.exactValue(annotation.result) != nil,
                  (try? MathsParser.parse(annotation.expression)) != nil else { continue }
            wellFormed += 1
            do {
                let output = try toolbox.run(tool: "Calculator", argument: annotation.expression)
                guard let value = Self.exactValue(output), Self.matches(value, annotated: annotation.result) else {
                    failures.append("\(annotation.expression)=\(annotation.result) gave \(output)")
                    continue
                }
            } catch {
                failures.append("\(annotation.expression)=\(annotation.result) failed: \(error)")
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("GSM8K annotations: total \(annotations.count), well-formed \(wellFormed), passed \(wellFormed - failures.count) (\(String(format: "%.3f", seconds)) s)")
        #expect(annotations.count > 4000)
        #expect(wellFormed > 4000)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(50).joined(separator: "\n"))")
    }

    @Test func roundedAnnotationsCountAsPasses() {
        #expect(Self.matches(BigRational(BigInt(10), BigInt(3)), annotated: "3.33"))
        #expect(Self.matches(BigRational(BigInt(2), BigInt(3)), annotated: "0.67"))
        #expect(Self.matches(BigRational(BigInt(2), BigInt(3)), annotated: "0.66"))
        #expect(!Self.matches(BigRational(BigInt(2), BigInt(3)), annotated: "0.7001"))
        #expect(Self.matches(BigRational(18), annotated: "18.00"))
    }
}

// TEMPORARY STUB — delete before merging branch `maths`, which provides the real MathsToolbox.
// Only plain arithmetic, so the loop can be exercised before the maths engine lands.

public struct MathsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct MathsToolbox: Sendable {
    public static let toolNames: Set<String> = ["Calculator", "SetEquation", "SolveEquation", "Count", "SolveInequality", "Define"]

    public init() {}

    public func run(tool: String, argument: String) throws(MathsError) -> String {
        guard tool == "Calculator" else { throw MathsError(message: "\(tool) is not available in the stub.") }
        var parser = StubParser(Array(argument.replacingOccurrences(of: " ", with: "").unicodeScalars))
        guard let value = parser.expression(), parser.index == parser.chars.count, value.isFinite else {
            throw MathsError(message: "Cannot evaluate \(argument).")
        }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

private struct StubParser {
    let chars: [Unicode.Scalar]
    var index = 0
    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    mutating func expression() -> Double? {
        guard var value = term() else { return nil }
        while index < chars.count, chars[index] == "+" || chars[index] == "-" {
            let op = chars[index]; index += 1
            guard let rhs = term() else { return nil }
            value = op == "+" ? value + rhs : value - rhs
        }
        return value
    }

    mutating func term() -> Double? {
        guard var value = power() else { return nil }
        while index < chars.count, chars[index] == "*" || chars[index] == "/" {
            let op = chars[index]; index += 1
            guard let rhs = power() else { return nil }
            value = op == "*" ? value * rhs : value / rhs
        }
        return value
    }

    mutating func power() -> Double? {
        guard let base = unary() else { return nil }
        if index < chars.count, chars[index] == "^" {
            index += 1
            guard let exponent = power() else { return nil }
            return Foundation.pow(base, exponent)
        }
        return base
    }

    mutating func unary() -> Double? {
        if index < chars.count, chars[index] == "-" { index += 1; return unary().map { -$0 } }
        guard var value = primary() else { return nil }
        if index < chars.count, chars[index] == "%" { index += 1; value /= 100 }
        return value
    }

    mutating func primary() -> Double? {
        guard index < chars.count else { return nil }
        if chars[index] == "(" {
            index += 1
            let value = expression()
            guard index < chars.count, chars[index] == ")" else { return nil }
            index += 1
            return value
        }
        var text = ""
        while index < chars.count, ("0"..."9").contains(chars[index]) || chars[index] == "." {
            text.unicodeScalars.append(chars[index]); index += 1
        }
        return Double(text)
    }
}

import Foundation

import ArgumentParser
import Foundation

/// Checks of numeric flags, each throwing a `ValidationError` that names the flag and the accepted
/// values. One place, so every command words these errors alike.
public enum FlagCheck {
    /// `value` (when given) is at least `minimum`; for `Double`s it must also be finite.
    public static func atLeast<T: Comparable & Sendable>(_ value: T?, _ minimum: T, flag: String, unit: String = "") throws {
        guard let value else { return }
        try finite(value, flag: flag)
        if value < minimum { throw ValidationError("\(flag) must be at least \(minimum)\(unit.isEmpty ? "" : " \(unit)").") }
    }

    /// `value` (when given) is above `minimum` (and finite).
    public static func above<T: Comparable & Sendable>(_ value: T?, _ minimum: T, flag: String, unit: String = "") throws {
        guard let value else { return }
        try finite(value, flag: flag)
        if value <= minimum { throw ValidationError("\(flag) must be more than \(minimum)\(unit.isEmpty ? "" : " \(unit)").") }
    }

    /// `value` (when given) lies in `range` (and is finite).
    public static func within<T: Comparable & Sendable>(_ value: T?, _ range: ClosedRange<T>, flag: String) throws {
        guard let value else { return }
        try finite(value, flag: flag)
        if !range.contains(value) {
            throw ValidationError("\(flag) must be between \(range.lowerBound) and \(range.upperBound).")
        }
    }

    /// NaN and infinities are refused for floating-point flags; other types pass.
    public static func finite(_ value: some Sendable, flag: String) throws {
        if let number = value as? any BinaryFloatingPoint, !Double(number).isFinite {
            throw ValidationError("\(flag) must be a finite number.")
        }
    }

    /// Parses what a user typed for `flag` as a finite number in `range`: the one path from text
    /// to a validated decimal, fuzzed by Fuzz/FuzzFlagNumbers.
    public static func number(_ text: String, flag: String, within range: ClosedRange<Double>) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(flag) is \(text.debugDescription), which is not a number.")
        }
        try within(value, range, flag: flag)
        return value
    }

    /// Parses what a user typed for `flag` as a whole number in `range`.
    public static func integer(_ text: String, flag: String, within range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(flag) is \(text.debugDescription), which is not a whole number.")
        }
        try within(value, range, flag: flag)
        return value
    }
}

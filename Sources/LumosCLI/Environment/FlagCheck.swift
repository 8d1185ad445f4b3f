import ArgumentParser

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
}

import Foundation

/// Number and time formats shared by the pages.
enum Format {
    static func int(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic))
    }

    static func decimal(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        return value.formatted(.number.precision(.fractionLength(digits)).grouping(.automatic))
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : decimal(100 * Double(part) / Double(whole)) + " %"
    }

    static func milliseconds(_ ms: Double) -> String {
        ms >= 10_000 ? decimal(ms / 1000) + " s" : (ms >= 1000 ? decimal(ms / 1000, digits: 2) + " s" : decimal(ms, digits: 0) + " ms")
    }

    /// "12 s ago", "3 min ago".
    static func ago(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "–" }
        let seconds = max(0, now.timeIntervalSince(date))
        if seconds < 90 { return "\(Int(seconds)) s ago" }
        if seconds < 5400 { return "\(Int(seconds / 60)) min ago" }
        return "\(Int(seconds / 3600)) h ago"
    }

    static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 90 { return "\(Int(seconds)) s" }
        if seconds < 5400 { return "\(Int(seconds / 60)) min" }
        return decimal(seconds / 3600) + " h"
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}

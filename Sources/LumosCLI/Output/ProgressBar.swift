import Foundation

/// A one-line progress bar with rate and ETA on standard error. It draws only when standard
/// error is a terminal, so logs and pipes stay clean; `finish()` ends the line.
public final class ProgressBar {
    public let total: Int
    public let label: String
    private let start = Date()
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    public init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled
    }

    /// Redraws at most ten times a second (always when `force`).
    public func update(_ done: Int, detail: String = "", force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.line(label: label, done: done, total: total, elapsed: now.timeIntervalSince(start), detail: detail)).utf8))
    }

    public func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// `label [#####-----] 12/20  60%  1.5/s  ETA 5s  detail`
    public static func line(label: String, done: Int, total: Int, elapsed: Double, detail: String = "") -> String {
        let width = 24
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "\(label) [\(bar)] \(done)/\(total) \(String(format: "%3.0f%%", fraction * 100))"
        text += rate >= 1 ? String(format: "  %.1f/s", rate) : String(format: "  %.1f/min", rate * 60)
        if done < total, rate > 0 { text += "  ETA \(duration(Double(total - done) / rate))" }
        if !detail.isEmpty { text += "  \(detail)" }
        return text
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}

import Foundation

/// Python string semantics the reference code relies on (lumos-spec §6.3): indices count Unicode
/// code points, `find` returns -1 when absent, and slices clamp and accept negative indices.
struct PythonText: Sendable, Hashable {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }
    init(_ scalars: ArraySlice<Unicode.Scalar>) { self.scalars = Array(scalars) }

    var count: Int { scalars.count }
    var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// `x[i]` with Python's negative wrap-around; nil when out of range.
    subscript(index: Int) -> Unicode.Scalar? {
        let i = index < 0 ? index + count : index
        return i >= 0 && i < count ? scalars[i] : nil
    }

    /// `x[start:end]` with Python's clamping and negative indices.
    func slice(_ start: Int?, _ end: Int?) -> String {
        func clamp(_ value: Int) -> Int {
            let v = value < 0 ? value + count : value
            return min(max(v, 0), count)
        }
        let lower = start.map(clamp) ?? 0
        let upper = end.map(clamp) ?? count
        guard lower < upper else { return "" }
        return PythonText(scalars[lower..<upper]).string
    }

    func find(_ needle: String) -> Int { search(needle, reverse: false) }
    func rfind(_ needle: String) -> Int { search(needle, reverse: true) }

    private func search(_ needle: String, reverse: Bool) -> Int {
        let pattern = Array(needle.unicodeScalars)
        guard !pattern.isEmpty else { return reverse ? count : 0 }
        guard pattern.count <= count else { return -1 }
        let starts = Array(0...(count - pattern.count))
        for start in reverse ? starts.reversed() : starts {
            var matched = true
            for offset in 0..<pattern.count where scalars[start + offset] != pattern[offset] {
                matched = false
                break
            }
            if matched { return start }
        }
        return -1
    }
}

extension Unicode.Scalar {
    /// Python's `str.isspace()`: Unicode White_Space plus the ASCII information separators.
    var isPythonSpace: Bool {
        properties.isWhitespace || (0x1C...0x1F).contains(value)
    }
}

extension String {
    /// Python's `str.strip()` with no argument (whitespace as `str.isspace()` defines it), which
    /// Lumos applies to tasks and model outputs; mining strips the same way.
    public var pythonStripped: String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.isPythonSpace }),
              let last = scalars.lastIndex(where: { !$0.isPythonSpace }) else { return "" }
        return PythonText(scalars[first...last]).string
    }

    /// Python's `str.strip(chars)`: removes any of `characters` from both ends.
    func pythonStripped(characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        return PythonText(scalars[first...last]).string
    }

    /// Python's `str.split(separator)` (never drops empty pieces).
    func pythonSplit(_ separator: String) -> [String] {
        components(separatedBy: separator)
    }

    /// The text after the first occurrence of `marker`, or nil when absent.
    func after(first marker: String) -> String? {
        guard let range = range(of: marker) else { return nil }
        return String(self[range.upperBound...])
    }
}

extension String {
    /// Python's `str.strip()`, which Lumos applies to tasks, model outputs and answers: trims
    /// Unicode whitespace (plus the separators `str.isspace()` also counts) from both ends.
    public var pythonStripped: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !Self.isPythonSpace($0) }),
              let end = scalars.lastIndex(where: { !Self.isPythonSpace($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    /// `str.isspace()`: White_Space, plus the information separators U+001C…U+001F.
    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}

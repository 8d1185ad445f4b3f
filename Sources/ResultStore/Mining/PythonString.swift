/// Python's `str.strip()` (whitespace as `str.isspace()` defines it), which Lumos applies to tasks
/// and model outputs. AgentCore has the same helper internally (`pythonStripped`); once it is
/// public, mining should use it.
enum PythonString {
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}

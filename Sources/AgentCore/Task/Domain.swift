/// The Lumos domain: it picks the grounding prompt, the tools and the checkpoint family.
/// Raw values are the strings of the Lumos training files (`lumos_{domain}_…`).
public enum Domain: String, Sendable, Hashable, Codable, CaseIterable {
    case maths
    case complexQA = "complex_qa"

    /// Accepts the command-line spellings as well as the raw values.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "maths", "math": self = .maths
        case "qa", "complex_qa", "complex-qa", "complexqa": self = .complexQA
        default: return nil
        }
    }
}

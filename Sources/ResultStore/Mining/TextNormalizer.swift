import Foundation
/// The one normalisation behind decontamination, duplicate detection and repeated-subgoal
/// checks: lower case, every run of characters that are not letters or digits is a separator.
public enum TextNormalizer {
    public static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    public static func normalized(_ text: String) -> String { tokens(text).joined(separator: " ") }

    /// A subgoal without its `Subgoal N:` label, normalised.
    static func subgoalBody(_ subgoal: String) -> String {
        var words = tokens(subgoal)
        if words.count >= 2, words[0] == "subgoal", Int(words[1]) != nil { words.removeFirst(2) }
        return words.joined(separator: " ")
    }
}

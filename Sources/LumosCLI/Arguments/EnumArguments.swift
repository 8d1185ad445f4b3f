import AgentCore
import ArgumentParser
import Queue

// The enum flags of both tools, parsed one way: case-insensitively, through the spellings each
// type documents. An unknown value is refused with the flag's name and the accepted values.

extension Dataset: ExpressibleByArgument {
    // `init?(argument:)` is AgentCore's: it accepts jsonl, custom and the short names.
    public static var allValueStrings: [String] { Dataset.argumentNames.split(separator: "|").map(String.init) }
    public var defaultValueDescription: String { rawValue }
}

extension Domain: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["maths", "qa"] }
    public var defaultValueDescription: String { self == .maths ? "maths" : "qa" }
}

extension Formulation: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ModelProfile: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension Priority: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ExpressibleByArgument where Self: CaseIterable & RawRepresentable, RawValue == String {
    /// The accepted spellings, joined for help texts: `a, b or c`.
    public static var spelledOut: String {
        let names = allValueStrings
        guard names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

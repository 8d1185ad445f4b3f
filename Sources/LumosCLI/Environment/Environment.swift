import ArgumentParser
import Foundation

/// The one `flag ?? environment ?? default` resolution of the command-line tools. It is the only
/// code in the package that reads the process environment; everything below the executables
/// receives resolved values.
public struct Environment: Sendable {
    public let variables: [String: String]

    public init(_ variables: [String: String]) { self.variables = variables }

    /// This process's environment.
    public static var current: Environment { Environment(ProcessInfo.processInfo.environment) }

    /// The variable's value; an empty value counts as unset.
    public func value(_ setting: Setting) -> String? {
        guard let value = variables[setting.rawValue], !value.isEmpty else { return nil }
        return value
    }

    /// The flag when given, else the variable.
    public func resolve(_ flag: String?, _ setting: Setting) -> String? {
        flag ?? value(setting)
    }

    /// The flag when given, else the variable, else `fallback`.
    public func resolve(_ flag: String?, _ setting: Setting, default fallback: String) -> String {
        resolve(flag, setting) ?? fallback
    }

    /// The flag when given, else the variable read as a whole number. A variable that is not a
    /// number is an error naming it (it used to be ignored without a word).
    public func resolve(_ flag: Int?, _ setting: Setting) throws -> Int? {
        if let flag { return flag }
        guard let text = value(setting) else { return nil }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(setting.name) is \(text.debugDescription), which is not a whole number; fix it or unset it.")
        }
        return number
    }

    /// The key for HTTP model endpoints: `LUMOS_API_KEY`, else `OPENAI_API_KEY`.
    public var apiKey: String? { value(.apiKey) ?? value(.openAIAPIKey) }

    /// The folders to find programs in (`PATH`), for helpers the tools start.
    public var searchPath: String? { variables["PATH"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The user's home folder (for the model cache).
    public var home: String { variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() }

    /// The environment for a child process, with `changes` applied (nil removes a variable).
    public func child(_ changes: [Setting: String?]) -> [String: String] {
        var result = variables
        for (setting, value) in changes { result[setting.rawValue] = value }
        return result
    }
}

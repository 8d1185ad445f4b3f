import Foundation

/// One JSON style for what the commands print: snake_case keys, sorted, one object a line.
public enum CommandJSON {
    public static func render(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// For objects built by hand (mixed value types); keys are written as given.
    public static func render(object: [String: Any]) throws -> String {
        String(decoding: try data(object: object), as: UTF8.self)
    }

    public static func data(object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}

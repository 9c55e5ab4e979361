public import Foundation

/// How Atrium writes JSON for people and tools: pretty, with sorted keys and unescaped slashes,
/// so that the same input always gives the same bytes. One encoder set-up for every command.
public enum JSONFormat {
    public static var pretty: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as pretty JSON text.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try pretty.encode(value), as: UTF8.self)
    }

    /// A hand-built JSON value as pretty JSON text, written the same way.
    public static func text(value: JSONValue) -> String {
        (try? text(value)) ?? "null"
    }
}

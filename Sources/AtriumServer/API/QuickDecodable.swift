import AtriumCore

/// A request body read in one pass by `JSONReader`, for the bodies an apply sends thousands of
/// (creates and ACL patches), where Foundation's decoder costs more than the write itself.
/// `init?(quick:)` reads only the plain shape: objects of known members, each once, with string
/// values. Anything else (numbers, booleans, an unknown or repeated member, bad UTF-8, malformed
/// text) answers nil, and the full decoder reads the body instead and words the error. So a body
/// reads the same whichever path reads it.
protocol QuickDecodable {
    init?(quick bytes: [UInt8])
}

/// The body is not of the plain shape; the full decoder reads it.
struct NotPlain: Error {}

extension JSONReader {
    /// Calls `member` with each member's name; a name seen twice is `NotPlain`.
    mutating func plainObject(_ member: (inout JSONReader, String) throws -> Void) throws {
        var seen = Set<String>()
        try object { reader, key in
            let name = try reader.name(key)
            guard seen.insert(name).inserted else { throw NotPlain() }
            try member(&reader, name)
        }
    }

    /// An object of strings, or nil for `null`.
    mutating func stringDictionary() throws -> [String: String]? {
        if try isNull() { return nil }
        var result: [String: String] = [:]
        try plainObject { reader, name in result[name] = try reader.string() }
        return result
    }

    /// Reads a whole document with `body`; nil when it is not of the plain shape.
    static func plain<T>(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> T?) -> T? {
        var reader = JSONReader(bytes)
        guard let value = try? body(&reader), (try? reader.finish()) != nil else { return nil }
        return value
    }
}

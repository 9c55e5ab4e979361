import AtriumCore

/// A response read with `JSONReader` rather than JSONDecoder: the listings, which carry thousands
/// of entries. The result is what `Decodable` gives for the same text (JSONReaderTests).
protocol JSONReadable {
    init(reading reader: inout JSONReader) throws
}

extension JSONReader {
    /// A required member that was absent.
    func missing(_ name: String) -> JSONReaderError { failure("a member `\(name)`", at: offset) }
}

extension JSONReader {
    /// A listing page: the array under `key`, each element read by `element`, and `count`.
    mutating func page<T>(_ key: StaticString, _ element: (inout JSONReader) throws -> T) throws -> (
        items: [T], count: Int
    ) {
        var items: [T] = []
        var count: Int?
        try object { reader, name in
            if reader.key(name, is: key) {
                try reader.array { items.append(try element(&$0)) }
            } else if reader.key(name, is: "count") {
                count = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let count else { throw missing("count") }
        return (items, count)
    }
}

extension JSONReader {
    /// An object's `id` and `username` (a user, or a group's member), the other members skipped.
    mutating func idAndUsername() throws -> (id: String, username: String) {
        var id: String?
        var username: String?
        try object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "username") {
                username = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let id, let username else { throw missing("id and username") }
        return (id, username)
    }
}

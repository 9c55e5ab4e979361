public import Foundation

/// Reads JSON as it goes, for the listings of thousands of workspaces and users: Foundation's
/// JSONDecoder first maps the whole document, then decodes it through Codable's keyed containers,
/// which took a third of the client's time in a 10,000-workspace plan. Members the reader does not
/// ask for are skipped without building anything.
public struct JSONReader {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ data: Data) { bytes = [UInt8](data) }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A member's name: where it is in the document, or its text when it had escapes.
    public struct Key {
        fileprivate var range: Range<Int>
        fileprivate var unescaped: String?
    }

    /// Calls `member` for each member of an object, with the reader at the member's value, which
    /// `member` must read or skip.
    public mutating func object(_ member: (inout JSONReader, Key) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            let key = try self.key()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            let next = try byte()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw failure("`,` or `}`", at: position - 1) }
        }
    }

    /// Calls `element` for each element of an array, with the reader at the element.
    public mutating func array(_ element: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try element(&self)
            let next = try byte()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw failure("`,` or `]`", at: position - 1) }
        }
    }

    /// A member's name as text.
    public func name(_ key: Key) throws -> String {
        if let unescaped = key.unescaped { return unescaped }
        guard let text = String(validating: bytes[key.range], as: UTF8.self) else {
            throw failure("UTF-8 text", at: key.range.lowerBound)
        }
        return text
    }

    /// Whether `key` is `name`.
    public func key(_ key: Key, is name: StaticString) -> Bool {
        if let unescaped = key.unescaped { return unescaped == name.description }
        guard key.range.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { expected in
            bytes.withUnsafeBufferPointer { all in
                memcmp(all.baseAddress! + key.range.lowerBound, expected.baseAddress!, expected.count) == 0
            }
        }
    }

    public mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: bytes[start..<position - 1], as: UTF8.self) else {
                    throw failure("UTF-8 text", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                position = start - 1
                return try escapedString()
            case 0..<0x20:
                throw failure("an escape, not a control character", at: position)
            default:
                position += 1
            }
        }
        throw failure("the end of a string", at: position)
    }

    /// Whether the next value is `null`; consumes it if so.
    public mutating func isNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// A string, or nil for `null`.
    public mutating func optionalString() throws -> String? {
        if try peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try string()
    }

    public mutating func int() throws -> Int {
        _ = try peek()
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        guard let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw failure("an integer", at: start)
        }
        return value
    }

    public mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Skips one value of any kind.
    public mutating func skip() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skip() }
        case UInt8(ascii: "["): try array { try $0.skip() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            let start = position
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
            if position == start { throw failure("a value", at: start) }
        }
    }

    /// The document held one value and nothing after it but white space.
    public func finish() throws {
        var end = position
        while end < bytes.count, Self.isSpace(bytes[end]) { end += 1 }
        if end != bytes.count { throw failure("the end of the document", at: end) }
    }

    /// A byte a JSON number may hold (compared, not looked up in a set: every number skipped
    /// asks it of each of its bytes).
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default: return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The next byte that is not white space, not consumed.
    private mutating func peek() throws -> UInt8 {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
        guard position < bytes.count else { throw failure("a value", at: position) }
        return bytes[position]
    }

    private mutating func byte() throws -> UInt8 {
        let next = try peek()
        position += 1
        return next
    }

    private mutating func expect(_ expected: UInt8) throws {
        guard try byte() == expected else {
            throw failure("`\(Character(Unicode.Scalar(expected)))`", at: position - 1)
        }
    }

    private mutating func literal(_ text: StaticString) throws {
        let start = position
        let matched = text.withUTF8Buffer { expected in
            guard bytes.count - position >= expected.count else { return false }
            for (offset, byte) in expected.enumerated() where bytes[position + offset] != byte { return false }
            return true
        }
        guard matched else { throw failure("`\(text)`", at: start) }
        position += text.utf8CodeUnitCount
    }

    private mutating func key() throws -> Key {
        guard try peek() == UInt8(ascii: "\"") else { throw failure("a member name", at: position) }
        let start = position + 1
        try skipString()
        let range = start..<position - 1
        guard bytes[range].contains(UInt8(ascii: "\\")) else { return Key(range: range) }
        var copy = self
        copy.position = start - 1
        return Key(range: range, unescaped: try copy.string())
    }

    private mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        throw failure("the end of a string", at: position)
    }

    /// Where the reader is, in bytes from the start.
    public var offset: Int { position }

    /// The next byte as it is (inside strings, where white space counts).
    mutating func nextRaw() throws -> UInt8 {
        guard position < bytes.count else { throw failure("the end of a string", at: position) }
        position += 1
        return bytes[position - 1]
    }

    mutating func expectQuote() throws { try expect(UInt8(ascii: "\"")) }

    public func failure(_ expected: String, at offset: Int) -> JSONReaderError {
        JSONReaderError(expected: expected, offset: offset)
    }
}

/// JSON the reader could not read: what it expected, and the byte offset where.
public struct JSONReaderError: Error, CustomStringConvertible {
    public var expected: String
    public var offset: Int
    public var description: String { "malformed JSON: expected \(expected) at byte \(offset)" }
}

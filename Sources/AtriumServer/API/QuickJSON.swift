/// JSON read in one pass for the request bodies an apply sends thousands of (creates and ACL
/// patches), where Foundation's decoder and its coding paths cost more than the write itself.
/// It reads objects, arrays, strings without escapes and null; anything else (escapes, numbers,
/// booleans, a repeated key, bad UTF-8, malformed text) answers nil, and the full decoder runs
/// instead, with its exact errors. So a body reads the same whichever path reads it.
enum QuickJSON {
    indirect enum Value {
        case string(String)
        case object([(key: String, value: Value)])
        case array([Value])
        case null
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Value? {
        var index = 0
        guard let value = parseValue(bytes, &index, depth: 0) else { return nil }
        skipSpace(bytes, &index)
        return index == bytes.count ? value : nil
    }

    private static func parseValue(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, depth: Int) -> Value? {
        skipSpace(bytes, &index)
        guard index < bytes.count, depth < 8 else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return parseString(bytes, &index).map(Value.string)
        case UInt8(ascii: "{"): return parseMembers(bytes, &index, depth: depth)
        case UInt8(ascii: "["): return parseElements(bytes, &index, depth: depth)
        case UInt8(ascii: "n"):
            guard bytes.count - index >= 4, bytes[index + 1] == UInt8(ascii: "u"),
                bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
            else { return nil }
            index += 4
            return .null
        default: return nil
        }
    }

    private static func parseMembers(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, depth: Int) -> Value? {
        index += 1
        var members: [(key: String, value: Value)] = []
        var seen = Set<String>()
        skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([])
        }
        while true {
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString(bytes, &index),
                seen.insert(key).inserted
            else { return nil }
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue(bytes, &index, depth: depth + 1) else { return nil }
            members.append((key, value))
            skipSpace(bytes, &index)
            guard index < bytes.count else { return nil }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
            guard bytes[index - 1] == UInt8(ascii: ",") else { return nil }
        }
    }

    private static func parseElements(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, depth: Int) -> Value? {
        index += 1
        var elements: [Value] = []
        skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        while true {
            guard let value = parseValue(bytes, &index, depth: depth + 1) else { return nil }
            elements.append(value)
            skipSpace(bytes, &index)
            guard index < bytes.count else { return nil }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "]") { return .array(elements) }
            guard bytes[index - 1] == UInt8(ascii: ",") else { return nil }
        }
    }

    /// A string from its opening quote; nil at an escape, a control character or bad UTF-8.
    private static func parseString(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> String? {
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        index = end + 1
        return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}

/// A node of a parsed YAML document. Every node, and every mapping key, carries its location.
///
/// The tree is deliberately small: scalars keep their text and how they were written (so `"123"`
/// stays a string while a plain `123` is a number), and mappings keep their keys in order.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// A word for the node's kind as a user would say it, for error messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): return scalar.resolved.kindDescription
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// One `key: value` pair of a mapping. Keys are always scalars (the parser refuses others).
public struct YAMLEntry: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode

    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A scalar's text and the facts needed to resolve it under YAML 1.2's core schema.
public struct YAMLScalar: Sendable {
    public enum Style: Sendable { case plain, quoted, block }

    public var text: String
    public var style: Style
    /// The resolved core-schema tag, when one was written (`!!str`, `!!int`, ...): its short name.
    public var explicitTag: CoreTag?

    public init(text: String, style: Style, explicitTag: CoreTag? = nil) {
        self.text = text
        self.style = style
        self.explicitTag = explicitTag
    }

    /// The value under YAML 1.2's core schema: only plain, untagged scalars are resolved to null,
    /// booleans and numbers; quoted and block scalars are always strings.
    public var resolved: ResolvedScalar {
        if let explicitTag {
            switch explicitTag {
            case .str: return .string(text)
            case .null: return .null
            case .bool: return ResolvedScalar.bool(from: text).map { .bool($0) } ?? .string(text)
            case .int: return ResolvedScalar.int(from: text).map { .int($0) } ?? .string(text)
            case .float: return ResolvedScalar.float(from: text).map { .float($0) } ?? .string(text)
            case .map, .seq: return .string(text)
            }
        }
        guard style == .plain else { return .string(text) }
        return ResolvedScalar.resolvePlain(text)
    }
}

/// The tags of YAML 1.2's core schema, the only ones Atrium accepts.
public enum CoreTag: String, Sendable, CaseIterable {
    case str, int, float, bool, null, map, seq

    public static let prefix = "tag:yaml.org,2002:"

    public init?(fullTag: String) {
        guard fullTag.hasPrefix(CoreTag.prefix) else { return nil }
        self.init(rawValue: String(fullTag.dropFirst(CoreTag.prefix.count)))
    }
}

/// A scalar resolved under the core schema.
public enum ResolvedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }

    static func resolvePlain(_ text: String) -> ResolvedScalar {
        // Fast path: the overwhelming majority of plain scalars are names that start with a letter
        // other than those that can begin null/true/false/.inf/.nan.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let value = bool(from: text) { return .bool(value) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let value = int(from: text) { return .int(value) }
            if let value = float(from: text) { return .float(value) }
        default:
            break
        }
        return .string(text)
    }

    static func bool(from text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func int(from text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        let magnitude: Int?
        if digits.hasPrefix("0x") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            magnitude = Int(digits.dropFirst(2), radix: 8)
        } else if digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Bytes, not Characters: timestamps and versions start with digits too, and walking
            // their Characters cost more than the rest of the scalar's resolution.
            magnitude = Int(digits)
        } else {
            magnitude = nil
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    static func float(from text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        guard
            text.utf8.allSatisfy({ byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+")
            })
        else { return nil }
        return Double(text)
    }
}

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode
    /// Where the document starts (its `---`, or its first node).
    public var location: SourceLocation

    public init(root: YAMLNode, location: SourceLocation) {
        self.root = root
        self.location = location
    }
}

/// Who a grant is for: a user or a group, by name as the server knows them. Encoded (in plans,
/// diffs) as its description, `user:alice` or `group:qa`.
public enum Subject: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case user(String)
    case group(String)

    public var name: String {
        switch self {
        case .user(let name), .group(let name): return name
        }
    }

    public var kind: String {
        switch self {
        case .user: return "user"
        case .group: return "group"
        }
    }

    /// `user:alice` or `group:qa`.
    public var description: String { "\(kind):\(name)" }

    /// Reads `user:NAME` or `group:NAME`.
    public init?(_ text: String) {
        if text.hasPrefix("user:"), text.count > 5 {
            self = .user(String(text.dropFirst(5)))
        } else if text.hasPrefix("group:"), text.count > 6 {
            self = .group(String(text.dropFirst(6)))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let subject = Subject(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "`\(text)` is not user:NAME or group:NAME"))
        }
        self = subject
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Subject, rhs: Subject) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

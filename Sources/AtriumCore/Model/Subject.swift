/// Who a grant is for: a user or a group, by name as the server knows them.
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

    public static func < (lhs: Subject, rhs: Subject) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

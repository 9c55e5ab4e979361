import AtriumCore
import Foundation

// The rows the reference server keeps, as the store returns them.

public struct OrganizationRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var displayName: String
    public var description: String
    public var isDefault: Bool
    /// `everyone` or `none`: whose workspaces may be shared (Coder's org sharing setting).
    public var sharing: String
    public var createdAt: String
    public var updatedAt: String
}

public struct UserRecord: Sendable, Hashable {
    public var id: String
    public var username: String
    public var email: String
    public var name: String
    public var siteAdmin: Bool
    public var status: String
    public var createdAt: String
    public var updatedAt: String
}

public struct GroupRecord: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var organizationName: String
    public var organizationDisplayName: String
    public var name: String
    public var displayName: String
    public var createdAt: String
    public var members: [UserRecord]
}

public struct TemplateRecord: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var organizationName: String
    public var organizationDisplayName: String
    public var name: String
    public var displayName: String
    public var description: String
    public var parameters: [String]
    public var activeVersionID: String
    public var createdByID: String
    public var createdByName: String
    public var createdAt: String
    public var updatedAt: String
}

public struct WorkspaceRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var organizationID: String
    public var organizationName: String
    public var owner: UserRecord
    public var template: TemplateRecord
    public var parameters: [String: String]
    /// `owner` or `everyone` (link sharing).
    public var admission: String
    public var createdAt: String
    public var updatedAt: String
    public var users: [UserGrant]
    public var groups: [GroupGrant]

    public struct UserGrant: Sendable, Hashable {
        public var user: UserRecord
        public var role: String
    }

    public struct GroupGrant: Sendable, Hashable {
        public var group: GroupRecord
        public var role: String
    }
}

public struct SnapshotRecord: Sendable, Hashable {
    public var id: String
    public var workspaceID: String
    public var name: String
    public var state: String
    public var createdAt: String
}

/// Server time as Coder writes it: RFC 3339 with fractional seconds, UTC.
enum ServerClock {
    static func now() -> String {
        let date = Date()
        let seconds = Int(date.timeIntervalSince1970)
        let micros = Int((date.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        let base = String(Timestamp.format(Date(timeIntervalSince1970: Double(seconds))).dropLast())
        let fraction = String(micros)
        return base + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }
}

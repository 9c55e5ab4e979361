import AtriumCore
import Foundation

// The rows the reference server keeps, as the store returns them.

package struct OrganizationRecord: Sendable, Hashable {
    package var id: String
    package var name: String
    package var displayName: String
    package var description: String
    package var isDefault: Bool
    /// `everyone` or `none`: whose workspaces may be shared (Coder's org sharing setting).
    package var sharing: String
    package var createdAt: String
    package var updatedAt: String
}

package struct UserRecord: Sendable, Hashable {
    package var id: String
    package var username: String
    package var email: String
    package var name: String
    package var siteAdmin: Bool
    package var status: String
    package var createdAt: String
    package var updatedAt: String
}

package struct GroupRecord: Sendable, Hashable {
    package var id: String
    package var organizationID: String
    package var organizationName: String
    package var organizationDisplayName: String
    package var name: String
    package var displayName: String
    package var createdAt: String
    package var members: [UserRecord]
}

package struct TemplateRecord: Sendable, Hashable {
    package var id: String
    package var organizationID: String
    package var organizationName: String
    package var organizationDisplayName: String
    package var name: String
    package var displayName: String
    package var description: String
    package var parameters: [String]
    package var activeVersionID: String
    package var createdByID: String
    package var createdByName: String
    package var createdAt: String
    package var updatedAt: String
    /// The widest level its workspaces' ports may be shared at.
    package var maxPortShareLevel: String = "owner"
}

package struct WorkspaceRecord: Sendable, Hashable {
    package var id: String
    package var name: String
    package var organizationID: String
    package var organizationName: String
    package var owner: UserRecord
    package var template: TemplateRecord
    package var parameters: [String: String]
    /// `owner` or `everyone` (link sharing).
    package var admission: String
    package var createdAt: String
    package var updatedAt: String
    package var users: [UserGrant]
    package var groups: [GroupGrant]

    package struct UserGrant: Sendable, Hashable {
        package var user: UserRecord
        package var role: String
    }

    package struct GroupGrant: Sendable, Hashable {
        package var group: GroupRecord
        package var role: String
    }
}

package struct SnapshotRecord: Sendable, Hashable {
    package var id: String
    package var workspaceID: String
    package var name: String
    package var state: String
    package var createdAt: String
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

/// One shared port of a workspace's agent.
package struct PortShareRecord: Sendable, Hashable {
    package var workspaceID: String
    package var agentName: String
    package var port: Int
    package var shareLevel: String
    package var `protocol`: String
}

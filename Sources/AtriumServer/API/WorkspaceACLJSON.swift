import AtriumCore
import Hummingbird

/// A workspace's ACL and the groups in it (codersdk.WorkspaceACL, Group), written by `JSONWriter`
/// as their `Encodable` conformances encode them: an ACL of hundreds of grants is written in a
/// fraction of Foundation's time (ListingEncodingTests compares the two).

struct GroupJSON: ResponseEncodable {
    var id: String
    var name: String
    var displayName: String
    var organizationId: String
    var organizationName: String
    var organizationDisplayName: String
    var members: [ReducedUserJSON]
    var totalMemberCount: Int
    var avatarUrl: String
    var quotaAllowance: Int
    var source: String
}

struct WorkspaceUserJSON: ResponseEncodable {
    var id: String
    var username: String
    var name: String
    var avatarUrl: String
    var role: String
}

/// Coder's WorkspaceGroup: a Group's fields and the group's role on the workspace.
struct WorkspaceGroupJSON: ResponseEncodable {
    var group: GroupJSON
    var role: String

    enum Keys: String, CodingKey { case role }

    func encode(to encoder: any Encoder) throws {
        try group.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(role, forKey: .role)
    }
}

struct WorkspaceACLJSON: ResponseEncodable {
    var users: [WorkspaceUserJSON]
    /// Coder's key really is `group`.
    var group: [WorkspaceGroupJSON]
}

/// A workspace's ACL written by `JSONWriter`, member for member as the `Encodable` conformances
/// encode it (ListingEncodingTests compares the two): an ACL of hundreds of grants is written in
/// a fraction of Foundation's time.
extension WorkspaceACLJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.reserve(200 * users.count + 400 * group.count)
        writer.object { w in
            w.key("users")
            w.array(users) { w, user in
                w.object { w in
                    w.key("id")
                    w.string(user.id)
                    w.key("username")
                    w.string(user.username)
                    w.key("name")
                    w.string(user.name)
                    w.key("avatar_url")
                    w.string(user.avatarUrl)
                    w.key("role")
                    w.string(user.role)
                }
            }
            w.key("group")
            w.array(group) { w, grant in grant.group.write(to: &w, role: grant.role) }
        }
    }
}

/// A group listing (`GET /groups`, `/organizations/{org}/groups`): a JSON array of groups with
/// their members, written by `JSONWriter` (200 groups of 50 members are 10,000 entries).
struct GroupListJSON: ResponseEncodable, JSONWritable {
    var groups: [GroupJSON]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(groups)
    }

    func write(to writer: inout JSONWriter) {
        writer.array(groups) { w, group in group.write(to: &w) }
    }
}

extension GroupJSON {
    /// The group's members, and `role` after them when given (Coder's WorkspaceGroup).
    func write(to writer: inout JSONWriter, role: String? = nil) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("name")
            w.string(name)
            w.key("display_name")
            w.string(displayName)
            w.key("organization_id")
            w.string(organizationId)
            w.key("organization_name")
            w.string(organizationName)
            w.key("organization_display_name")
            w.string(organizationDisplayName)
            w.key("members")
            w.array(members) { w, member in member.write(to: &w) }
            w.key("total_member_count")
            w.int(totalMemberCount)
            w.key("avatar_url")
            w.string(avatarUrl)
            w.key("quota_allowance")
            w.int(quotaAllowance)
            w.key("source")
            w.string(source)
            if let role {
                w.key("role")
                w.string(role)
            }
        }
    }
}

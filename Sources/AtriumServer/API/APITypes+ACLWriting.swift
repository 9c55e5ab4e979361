import AtriumCore

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

extension ReducedUserJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("username")
            w.string(username)
            w.key("email")
            w.string(email)
            w.key("name")
            w.string(name)
            w.key("created_at")
            w.string(createdAt)
            w.key("updated_at")
            w.string(updatedAt)
            w.key("last_seen_at")
            w.string(lastSeenAt)
            w.key("status")
            w.string(status)
            w.key("login_type")
            w.string(loginType)
            w.key("avatar_url")
            w.string(avatarUrl)
            w.key("theme_preference")
            w.string(themePreference)
        }
    }
}

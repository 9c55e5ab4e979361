/// A validated ACL patch: lowercased ids and roles (`""` removes).
struct ACLChange {
    var users: [(id: String, role: String)] = []
    var groups: [(id: String, role: String)] = []
}

extension Store {
    /// Coder's validation: groups first, then users; each id must be a UUID of an existing user
    /// or group and each role `use`, `admin` or `""`. Removing an id that names nobody is a no-op.
    static func validated(
        userRoles: [String: String], groupRoles: [String: String], ownerID: String, on connection: any SQLConnection
    ) async throws -> ACLChange {
        let entries = ACLEntries(userRoles: userRoles, groupRoles: groupRoles)
        let (knownGroups, knownUsers) = try await existing(
            groups: entries.groups.map(\.id), users: entries.users.map(\.id), on: connection)
        return try entries.change(knownGroups: knownGroups, knownUsers: knownUsers, ownerID: ownerID)
    }

    /// Which of the group and user ids exist, in one query.
    static func existing(groups: [String], users: [String], on connection: any SQLConnection) async throws -> (
        groups: Set<String>, users: Set<String>
    ) {
        var parts: [String] = []
        if !groups.isEmpty {
            parts.append("SELECT 'g', id FROM user_groups WHERE id IN (\(placeholders(groups.count)))")
        }
        if !users.isEmpty { parts.append("SELECT 'u', id FROM users WHERE id IN (\(placeholders(users.count)))") }
        guard !parts.isEmpty else { return ([], []) }
        let rows = try await connection.query(
            parts.joined(separator: " UNION ALL "), (groups + users).map { .text($0) })
        return (
            Set(rows.filter { $0.string(0) == "g" }.map { $0.string(1) }),
            Set(rows.filter { $0.string(0) == "u" }.map { $0.string(1) })
        )
    }

    /// A grantee with `admin` may invite others with `use` and remove `use` grants (theirs and
    /// others'), and nothing more: not grant or touch `admin`, and not open the workspace to the
    /// whole organization (its Everyone group, whose id is the organization's): only its owner may.
    static func checkGranteeRules(
        _ change: ACLChange, access: WorkspaceAccess, workspaceID: String, organizationID: String,
        on connection: any SQLConnection
    ) async throws {
        guard access == .admin else {
            throw APIError.forbidden(
                "Grantees with the use role may not share the workspace; the admin role is needed.")
        }
        if change.users.contains(where: { $0.role == "admin" }) || change.groups.contains(where: { $0.role == "admin" })
        {
            throw APIError.forbidden("Workspace admins may only invite others with the use role.")
        }
        if change.groups.contains(where: { $0.id == organizationID && $0.role == "use" }) {
            throw APIError.forbidden(
                "Workspace admins may not share the workspace with the whole organization; only its owner may.")
        }
        var admins = 0
        for (table, column, ids) in [
            ("workspace_user_acl", "user_id", change.users.map(\.id)),
            ("workspace_group_acl", "group_id", change.groups.map(\.id)),
        ] where !ids.isEmpty {
            admins +=
                try await connection.first(
                    "SELECT COUNT(*) FROM \(table) WHERE workspace_id = ? AND role = 'admin' AND \(column) IN "
                        + "(\(placeholders(ids.count)))",
                    [.text(workspaceID)] + ids.map { .text($0) })?.int(0) ?? 0
        }
        if admins > 0 { throw APIError.forbidden("Workspace admins may not change another admin's role.") }
    }

    /// Writes the change and marks the workspace updated, in at most two statements per table
    /// (one upsert of every granted role, one delete of every removed one) whatever the number of
    /// entries. On PostgreSQL the mark rides along with the first statement (a data-modifying
    /// WITH), one round trip fewer.
    static func write(_ change: ACLChange, workspaceID: String, dialect: SQLDialect, on connection: any SQLConnection)
        async throws
    {
        var statements: [(sql: String, binds: [SQLValue])] = []
        for (table, column, entries) in [
            ("workspace_user_acl", "user_id", change.users), ("workspace_group_acl", "group_id", change.groups),
        ] {
            let roles = lastWins(entries)
            let granted = roles.filter { !$0.role.isEmpty }
            let removed = roles.filter { $0.role.isEmpty }.map(\.id)
            if !granted.isEmpty {
                statements.append(
                    (
                        "INSERT INTO \(table) (workspace_id, \(column), role) VALUES "
                            + "\(Array(repeating: "(?, ?, ?)", count: granted.count).joined(separator: ", ")) "
                            + "ON CONFLICT (workspace_id, \(column)) DO UPDATE SET role = excluded.role",
                        granted.flatMap { [SQLValue.text(workspaceID), .text($0.id), .text($0.role)] }
                    ))
            }
            if !removed.isEmpty {
                statements.append(
                    (
                        "DELETE FROM \(table) WHERE workspace_id = ? AND \(column) IN (\(placeholders(removed.count)))",
                        [.text(workspaceID)] + removed.map { .text($0) }
                    ))
            }
        }
        let touch = "UPDATE workspaces SET updated_at = ? WHERE id = ?"
        let touchBinds: [SQLValue] = [.text(ServerClock.now()), .text(workspaceID)]
        if dialect == .postgres, let first = statements.first {
            statements[0] = ("WITH touched AS (\(touch)) \(first.sql)", touchBinds + first.binds)
        } else {
            statements.append((touch, touchBinds))
        }
        try await connection.executeAll(statements)
    }

    /// One entry per id (ids differing only in case name the same one), the last one given winning.
    static func lastWins(_ entries: [(id: String, role: String)]) -> [(id: String, role: String)] {
        var roles: [String: String] = [:]
        for (id, role) in entries { roles[id] = role }
        return roles.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

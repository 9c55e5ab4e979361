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

    /// Coder authorizes an ACL change as the `share` action on the workspace
    /// (coderd/database/db2sdk WorkspaceRoleActions: `admin` holds every workspace action but
    /// delete, `share` included; `use` holds application_connect, read, ssh, start and stop), and
    /// patchWorkspaceACL (coderd/workspaces.go) adds only the rule on one's own entry: a grantee
    /// with `admin` changes the ACL as its owner does — grants `admin`, opens it to the Everyone
    /// group, removes anyone's grant — and a grantee with `use` may not change it.
    static func checkGranteeMayShare(_ access: WorkspaceAccess) throws {
        guard access >= .admin else {
            throw APIError.forbidden(
                "Grantees with the use role may not share the workspace; the admin role is needed.")
        }
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

/// An owner's or a site admin's ACL patch on PostgreSQL in one statement, instead of a
/// transaction of five round trips (BEGIN, the locked workspace, the ids' existence, the write,
/// COMMIT): each round trip wakes a PostgreSQL process and then this server's event loop.
extension Store {
    /// Applies the patch in one statement when it can: on PostgreSQL, entries well formed and
    /// leaving the owner out. Takes the locks the transaction takes (the workspace's row shared
    /// by key, its organization's row shared) and writes only when every granted id exists.
    /// Returns false when the caller must run the transaction, which also finds the error when
    /// the workspace is gone or its organization's sharing was turned off since the check; throws
    /// Coder's 400, having written nothing, when a granted id names nobody.
    func patchACLInOneStatement(workspaceID: String, ownerID: String, entries: ACLEntries) async throws -> Bool {
        guard database.dialect == .postgres, entries.validations.isEmpty,
            !entries.users.contains(where: { $0.id == ownerID })
        else { return false }
        let users = Self.lastWins(entries.users)
        let groups = Self.lastWins(entries.groups)
        let granted = (groups: groups.filter { !$0.role.isEmpty }, users: users.filter { !$0.role.isEmpty })
        var sql = """
            WITH target AS (SELECT w.id FROM workspaces w JOIN organizations o ON o.id = w.organization_id
            WHERE w.id = ? \
            AND (o.sharing = 'everyone' OR (o.sharing = 'service_accounts' AND EXISTS (SELECT 1 FROM
            service_accounts s WHERE s.user_id = w.owner_id))) \
            FOR KEY SHARE OF w FOR SHARE OF o), \
            known AS (SELECT CAST('g' AS TEXT) AS kind, id FROM user_groups WHERE id IN
            (\(Self.placeholders(granted.groups.count, orNone: true))) \
            UNION ALL SELECT 'u', id FROM users WHERE id IN
            (\(Self.placeholders(granted.users.count, orNone: true)))), \
            apply AS (SELECT id FROM target WHERE (SELECT COUNT(*) FROM known) = ?), \
            touched AS (UPDATE workspaces SET updated_at = ? WHERE id IN (SELECT id FROM apply))
            """
        var binds: [SQLValue] = [.text(workspaceID)] + (granted.groups + granted.users).map { .text($0.id) }
        binds += [.int(Int64(granted.groups.count + granted.users.count)), .text(ServerClock.now())]
        for (name, table, column, entries) in [
            ("u", "workspace_user_acl", "user_id", users), ("g", "workspace_group_acl", "group_id", groups),
        ] {
            let grants = entries.filter { !$0.role.isEmpty }
            let removals = entries.filter { $0.role.isEmpty }
            if !grants.isEmpty {
                sql += """
                    , grant_\(name) AS (INSERT INTO \(table) (workspace_id, \(column), role) SELECT a.id, v.id,
                    v.role FROM apply a, \
                    (VALUES \(Array(repeating: "(CAST(? AS TEXT), CAST(? AS TEXT))", count: grants.count).joined(separator: ", "))) v(id, role) \
                    ON CONFLICT (workspace_id, \(column)) DO UPDATE SET role = excluded.role)
                    """
                binds += grants.flatMap { [SQLValue.text($0.id), .text($0.role)] }
            }
            if !removals.isEmpty {
                sql +=
                    ", remove_\(name) AS (DELETE FROM \(table) WHERE workspace_id IN (SELECT id FROM apply) "
                    + "AND \(column) IN (\(Self.placeholders(removals.count))))"
                binds += removals.map { .text($0.id) }
            }
        }
        let statement = sql + " SELECT 't', id FROM target UNION ALL SELECT kind, id FROM known"
        let rows = try await database.read { [binds] connection in try await connection.query(statement, binds) }
        guard rows.contains(where: { $0.string(0) == "t" }) else { return false }
        let known = (
            groups: Set(rows.filter { $0.string(0) == "g" }.map { $0.string(1) }),
            users: Set(rows.filter { $0.string(0) == "u" }.map { $0.string(1) })
        )
        if known.groups.count + known.users.count < granted.groups.count + granted.users.count {
            _ = try entries.change(knownGroups: known.groups, knownUsers: known.users, ownerID: ownerID)
            return false
        }
        return true
    }
}

/// Workspaces' ACLs read with them: every grant of a page of workspaces in one query.
extension Store {
    /// Fills in the ACLs of workspaces: one query whatever their number, and one more for the
    /// members of granted groups. Without `members` (listings, whose `shared_with` shows each
    /// grantee's id and name only), the grants carry just those: the users' and groups' other
    /// fields are left empty and the groups' members unread, a third of the cells to read.
    static func withACLs(_ workspaces: [WorkspaceRecord], members: Bool = true, on connection: any SQLConnection)
        async throws -> [WorkspaceRecord]
    {
        guard !workspaces.isEmpty else { return workspaces }
        let ids = workspaces.map { SQLValue.text($0.id) }
        guard members else {
            // Unordered: `assign` orders each workspace's few grants (sorting every grant of a
            // page in SQL took a third of the query).
            let rows = try await connection.query(leanACLSelect(placeholders(ids.count)), ids + ids)
            return attachLeanACLs(rows, to: workspaces)
        }
        let rows = try await connection.query(aclSelect(placeholders(ids.count), before: ""), ids + ids)
        return try await attachACLs(rows, to: workspaces, members: members, on: connection)
    }

    /// Kind, workspace, role, username (users) or organization name (groups), grantee id and name,
    /// for listings.
    static func leanACLSelect(_ list: String) -> String {
        """
        SELECT 'u', a.workspace_id, a.role, u.username, u.id, u.name FROM workspace_user_acl a JOIN users u ON
        u.id = a.user_id WHERE a.workspace_id IN (\(list)) \
        UNION ALL SELECT 'g', a.workspace_id, a.role, o.name, g.id, g.name FROM workspace_group_acl a \
        JOIN user_groups g ON g.id = a.group_id JOIN organizations o ON o.id = g.organization_id WHERE
        a.workspace_id IN (\(list))
        """
    }

    static func attachLeanACLs(_ rows: [SQLRow], to workspaces: [WorkspaceRecord]) -> [WorkspaceRecord] {
        var users: [String: [WorkspaceRecord.UserGrant]] = [:]
        var groups: [String: [WorkspaceRecord.GroupGrant]] = [:]
        for row in rows {
            if row.string(0) == "u" {
                let user = UserRecord(
                    id: row.string(4), username: row.string(3), email: "", name: row.string(5), siteAdmin: false,
                    status: "", createdAt: "", updatedAt: "")
                users[row.string(1), default: []].append(.init(user: user, role: row.string(2)))
            } else {
                let group = GroupRecord(
                    id: row.string(4), organizationID: "", organizationName: row.string(3), organizationDisplayName: "",
                    name: row.string(5), displayName: "",
                    createdAt: "", members: [])
                groups[row.string(1), default: []].append(.init(group: group, role: row.string(2)))
            }
        }
        return assign(users, groups, to: workspaces)
    }

    /// The ACL rows of the workspaces whose ids fill `list` (binds: the ids twice), after `before`
    /// columns of NULL: kind (`u` or `g`), workspace, role, sort key, 8 user columns, 7 group columns.
    static func aclSelect(_ list: String, before: String) -> String {
        let nulls8 = Array(repeating: "NULL", count: 8).joined(separator: ", ")
        let nulls7 = Array(repeating: "NULL", count: 7).joined(separator: ", ")
        return """
            SELECT 'u', \(before)a.workspace_id, a.role, u.username, \(userColumns), \(nulls7) FROM
            workspace_user_acl a JOIN users u ON u.id = a.user_id WHERE a.workspace_id IN (\(list)) \
            UNION ALL SELECT 'g', \(before)a.workspace_id, a.role, o.name || '/' || g.name, \(nulls8),
            \(groupColumns) FROM workspace_group_acl a \
            JOIN user_groups g ON g.id = a.group_id JOIN organizations o ON o.id = g.organization_id WHERE
            a.workspace_id IN (\(list))
            """
    }

    /// Fills in the workspaces' grants from rows of `aclSelect` (with no columns before).
    static func attachACLs(
        _ rows: [SQLRow], to workspaces: [WorkspaceRecord], members: Bool, on connection: any SQLConnection
    ) async throws -> [WorkspaceRecord] {
        let (users, groups) = try await grants(rows, members: members, on: connection)
        return assign(users, groups, to: workspaces)
    }

    /// The workspaces with the grants keyed by their ids, each workspace's in listing order.
    static func assign(
        _ users: [String: [WorkspaceRecord.UserGrant]], _ groups: [String: [WorkspaceRecord.GroupGrant]],
        to workspaces: [WorkspaceRecord]
    ) -> [WorkspaceRecord] {
        workspaces.map { workspace in
            var workspace = workspace
            workspace.users = listingOrder(users[workspace.id] ?? [])
            workspace.groups = listingOrder(groups[workspace.id] ?? [])
            return workspace
        }
    }

    /// Users by username, compared byte by byte: SQLite's BINARY collation, whatever collation
    /// a PostgreSQL database has, so that both backends list alike.
    static func listingOrder(_ grants: [WorkspaceRecord.UserGrant]) -> [WorkspaceRecord.UserGrant] {
        grants.count < 2
            ? grants : grants.sorted { $0.user.username.utf8.lexicographicallyPrecedes($1.user.username.utf8) }
    }

    /// Groups by organization name, then name, byte by byte.
    static func listingOrder(_ grants: [WorkspaceRecord.GroupGrant]) -> [WorkspaceRecord.GroupGrant] {
        guard grants.count > 1 else { return grants }
        return grants.sorted { a, b in
            a.group.organizationName == b.group.organizationName
                ? a.group.name.utf8.lexicographicallyPrecedes(b.group.name.utf8)
                : a.group.organizationName.utf8.lexicographicallyPrecedes(b.group.organizationName.utf8)
        }
    }

    /// The grants in rows of `aclSelect` (with no columns before), by workspace.
    static func grants(_ rows: [SQLRow], members: Bool, on connection: any SQLConnection) async throws
        -> (users: [String: [WorkspaceRecord.UserGrant]], groups: [String: [WorkspaceRecord.GroupGrant]])
    {
        // One pass, reading the users and groups in place: kind 0, workspace 1, role 2, the user at 4, the group at 12.
        var users: [String: [WorkspaceRecord.UserGrant]] = [:]
        var groupRows: [(workspace: String, role: String, group: String)] = []
        var groupIDs: [String: GroupRecord] = [:]
        for row in rows {
            if row.string(0) == "u" {
                users[row.string(1), default: []].append(.init(user: user(row, at: 4), role: row.string(2)))
            } else {
                let group = group(row, at: 12)
                groupIDs[group.id] = group
                groupRows.append((row.string(1), row.string(2), group.id))
            }
        }
        let hydrated = members ? try await withMembers(Array(groupIDs.values), on: connection) : Array(groupIDs.values)
        let byID = Dictionary(uniqueKeysWithValues: hydrated.map { ($0.id, $0) })
        var groups: [String: [WorkspaceRecord.GroupGrant]] = [:]
        for row in groupRows {
            if let group = byID[row.group] {
                groups[row.workspace, default: []].append(.init(group: group, role: row.role))
            }
        }
        return (users, groups)
    }

    /// A workspace's ACL for `actor` (`GET /workspaces/{id}/acl`): 404 unless they may see the
    /// workspace. One query reads the owner, the link setting and every grant (a `w` row first,
    /// then the grants' rows), without the joins of the workspace's other columns.
    package func workspaceACL(id: String, actor: Caller) async throws -> (
        users: [WorkspaceRecord.UserGrant], groups: [WorkspaceRecord.GroupGrant]
    ) {
        guard Self.isUUID(id) else { throw APIError.notFound("workspace \(id)") }
        let key = id.lowercased()
        return try await database.read { connection in
            let nulls = Array(repeating: "NULL", count: 15).joined(separator: ", ")
            let rows = try await connection.query(
                "SELECT 'w', w.id, w.owner_id, w.admission, \(nulls) FROM workspaces w WHERE w.id = ? UNION "
                    + "ALL \(Self.aclSelect("?", before: "")) ORDER BY 1 DESC, 4",
                [.text(key), .text(key), .text(key)])
            guard let first = rows.first, first.string(0) == "w" else { throw APIError.notFound("workspace \(id)") }
            let (users, groups) = try await Self.grants(Array(rows.dropFirst()), members: true, on: connection)
            let (userGrants, groupGrants) = (Self.listingOrder(users[key] ?? []), Self.listingOrder(groups[key] ?? []))
            let access = WorkspaceAccess(
                actor: actor, ownerID: first.string(2), admission: first.string(3), users: userGrants,
                groups: groupGrants)
            // Opening a workspace by its link shows it, not who it is shared with.
            guard access >= .use else { throw APIError.notFound("workspace \(id)") }
            return (userGrants, groupGrants)
        }
    }
}

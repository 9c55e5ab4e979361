extension Store {
    public static let maxSnapshots = 10

    /// The rules for reading a workspace: unknown and invisible are the same 404.
    static func readable(_ workspace: WorkspaceRecord?, by actor: Actor, id: String) throws -> (WorkspaceRecord, WorkspaceAccess) {
        guard let workspace else { throw APIError.notFound("workspace \(id)") }
        let access = WorkspaceAccess(actor: actor, workspace: workspace)
        guard access > .none else { throw APIError.notFound("workspace \(id)") }
        return (workspace, access)
    }

    /// Merges role changes into a workspace's ACL, in one transaction, under Coder's rules: the
    /// owner and site admins may change anything; a grantee with `admin` may only invite others
    /// with `use`; nobody may give the owner a role; keys are UUIDs of existing users and groups.
    public func patchACL(workspaceID: String, actor: Actor, userRoles: [String: String], groupRoles: [String: String]) async throws {
        let dialect = database.dialect
        try await database.transaction { connection in
            // The hot path reads little: the workspace's row with its organization's policy
            // (locked on PostgreSQL, so concurrent patches of one workspace queue up), the
            // actor's role when they are not the owner, and the named users and groups in one
            // query each.
            guard Self.isUUID(workspaceID), let row = try await connection.first(
                "SELECT w.id, w.owner_id, w.organization_id, w.admission, o.sharing, o.name FROM workspaces w JOIN organizations o ON o.id = w.organization_id WHERE w.id = ?\(dialect.forUpdate(of: "w"))",
                [.text(workspaceID.lowercased())])
            else { throw APIError.notFound("workspace \(workspaceID)") }
            let (workspaceKey, ownerID, organizationID) = (row.string(0), row.string(1), row.string(2))
            let access = try await Self.access(of: actor, workspaceID: workspaceKey, ownerID: ownerID, admission: row.string(3), on: connection)
            guard access > .none else { throw APIError.notFound("workspace \(workspaceID)") }
            guard access >= .use else { throw APIError.forbidden("Only the owner, site admins and grantees with the admin role may share this workspace.") }
            if row.string(4) == "none" {
                throw APIError.forbidden("Workspace sharing is disabled for organization \(row.string(5)).")
            }

            var validations: [APIError.Validation] = []
            func valid(_ key: String, _ role: String, field: String) -> Bool {
                guard Self.isUUID(key) else {
                    validations.append(.init(field: field, detail: "\(key) is not a valid UUID"))
                    return false
                }
                guard ["use", "admin", ""].contains(role) else {
                    validations.append(.init(field: field, detail: "role \"\(role)\" for \(key) is not one of \"use\", \"admin\" or \"\""))
                    return false
                }
                return true
            }
            let userKeys = userRoles.sorted(by: { $0.key < $1.key }).filter { valid($0.key, $0.value, field: "user_roles") }.map { ($0.key.lowercased(), $0.value) }
            let groupKeys = groupRoles.sorted(by: { $0.key < $1.key }).filter { valid($0.key, $0.value, field: "group_roles") }.map { ($0.key.lowercased(), $0.value) }
            var knownUsers = Set<String>()
            if !userKeys.isEmpty {
                knownUsers = Set(try await connection.query("SELECT id FROM users WHERE id IN (\(Self.placeholders(userKeys.count)))", userKeys.map { .text($0.0) }).map { $0.string(0) })
            }
            var knownGroups = Set<String>()
            if !groupKeys.isEmpty {
                knownGroups = Set(try await connection.query(
                    "SELECT id FROM user_groups WHERE organization_id = ? AND id IN (\(Self.placeholders(groupKeys.count)))",
                    [.text(organizationID)] + groupKeys.map { .text($0.0) }).map { $0.string(0) })
            }
            var users: [(id: String, role: String)] = []
            var groups: [(id: String, role: String)] = []
            for (key, role) in userKeys {
                if !knownUsers.contains(key) {
                    validations.append(.init(field: "user_roles", detail: "user \(key) does not exist"))
                } else if key == ownerID {
                    validations.append(.init(field: "user_roles", detail: "cannot change the role of the workspace owner"))
                } else {
                    users.append((key, role))
                }
            }
            for (key, role) in groupKeys {
                if knownGroups.contains(key) {
                    groups.append((key, role))
                } else {
                    validations.append(.init(field: "group_roles", detail: "group \(key) does not exist in the workspace's organization"))
                }
            }
            if !validations.isEmpty {
                throw APIError(.badRequest, "Invalid request to update workspace ACL.", validations: validations)
            }

            if access < .owner {
                guard access == .admin else {
                    throw APIError.forbidden("Grantees with the use role may not share the workspace; the admin role is needed.")
                }
                if users.contains(where: { $0.role != "use" }) || groups.contains(where: { $0.role != "use" }) {
                    throw APIError.forbidden("Workspace admins may only invite others with the use role.")
                }
                // Nor may they demote another admin to `use`.
                var admins = 0
                if !users.isEmpty {
                    admins += try await connection.first(
                        "SELECT COUNT(*) FROM workspace_user_acl WHERE workspace_id = ? AND role = 'admin' AND user_id IN (\(Self.placeholders(users.count)))",
                        [.text(workspaceKey)] + users.map { .text($0.id) })?.int(0) ?? 0
                }
                if !groups.isEmpty {
                    admins += try await connection.first(
                        "SELECT COUNT(*) FROM workspace_group_acl WHERE workspace_id = ? AND role = 'admin' AND group_id IN (\(Self.placeholders(groups.count)))",
                        [.text(workspaceKey)] + groups.map { .text($0.id) })?.int(0) ?? 0
                }
                if admins > 0 { throw APIError.forbidden("Workspace admins may only invite others with the use role.") }
            }
            for (id, role) in users {
                if role.isEmpty {
                    try await connection.execute("DELETE FROM workspace_user_acl WHERE workspace_id = ? AND user_id = ?", [.text(workspaceKey), .text(id)])
                } else {
                    try await connection.execute(
                        "INSERT INTO workspace_user_acl (workspace_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role",
                        [.text(workspaceKey), .text(id), .text(role)])
                }
            }
            for (id, role) in groups {
                if role.isEmpty {
                    try await connection.execute("DELETE FROM workspace_group_acl WHERE workspace_id = ? AND group_id = ?", [.text(workspaceKey), .text(id)])
                } else {
                    try await connection.execute(
                        "INSERT INTO workspace_group_acl (workspace_id, group_id, role) VALUES (?, ?, ?) ON CONFLICT (workspace_id, group_id) DO UPDATE SET role = excluded.role",
                        [.text(workspaceKey), .text(id), .text(role)])
                }
            }
            try await connection.execute("UPDATE workspaces SET updated_at = ? WHERE id = ?", [.text(ServerClock.now()), .text(workspaceKey)])
        }
    }

    /// What `actor` may do with a workspace, from its row and one query of the ACL.
    static func access(of actor: Actor, workspaceID: String, ownerID: String, admission: String, on connection: any SQLConnection) async throws -> WorkspaceAccess {
        if actor.isSiteAdmin || actor.user.id == ownerID { return .owner }
        let roles = try await connection.query(
            """
            SELECT role FROM workspace_user_acl WHERE workspace_id = ? AND user_id = ? \
            UNION ALL SELECT a.role FROM workspace_group_acl a JOIN group_members m ON m.group_id = a.group_id \
            WHERE a.workspace_id = ? AND m.user_id = ?
            """,
            [.text(workspaceID), .text(actor.user.id), .text(workspaceID), .text(actor.user.id)]
        ).map { $0.string(0) }
        if roles.contains("admin") { return .admin }
        if roles.contains("use") { return .use }
        return admission == "everyone" ? .link : .none
    }

    /// Removes every grant; the owner and site admins only.
    public func clearACL(workspaceID: String, actor: Actor) async throws {
        let dialect = database.dialect
        try await database.transaction { connection in
            let (workspace, access) = try Self.readable(try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access == .owner else { throw APIError.forbidden("Only the owner and site admins may clear the workspace's ACL.") }
            try await connection.execute("DELETE FROM workspace_user_acl WHERE workspace_id = ?", [.text(workspace.id)])
            try await connection.execute("DELETE FROM workspace_group_acl WHERE workspace_id = ?", [.text(workspace.id)])
            try await connection.execute("UPDATE workspaces SET updated_at = ? WHERE id = ?", [.text(ServerClock.now()), .text(workspace.id)])
        }
    }

    /// Link sharing (Gitpod's admission level); the owner and site admins only.
    public func setAdmission(workspaceID: String, actor: Actor, level: String) async throws -> WorkspaceRecord {
        let dialect = database.dialect
        return try await database.transaction { connection in
            let (workspace, access) = try Self.readable(try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access == .owner else { throw APIError.forbidden("Only the owner and site admins may change link sharing.") }
            if level == "everyone", try await Self.organization(workspace.organizationID, on: connection)?.sharing == "none" {
                throw APIError.forbidden("Workspace sharing is disabled for organization \(workspace.organizationName).")
            }
            try await connection.execute("UPDATE workspaces SET admission = ?, updated_at = ? WHERE id = ?", [.text(level), .text(ServerClock.now()), .text(workspace.id)])
            var updated = workspace
            updated.admission = level
            return updated
        }
    }

    static func snapshot(_ row: SQLRow) -> SnapshotRecord {
        SnapshotRecord(id: row.string(0), workspaceID: row.string(1), name: row.string(2), state: row.string(3), createdAt: row.string(4))
    }

    /// Takes a snapshot; names are unique per workspace and a workspace keeps at most 10.
    public func createSnapshot(workspaceID: String, actor: Actor, name: String) async throws -> SnapshotRecord {
        let dialect = database.dialect
        let id = Self.newID()
        let now = ServerClock.now()
        return try await database.transaction { connection in
            let (workspace, access) = try Self.readable(try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access >= .admin else { throw APIError.forbidden("Only the owner, site admins and grantees with the admin role may take snapshots.") }
            if try await connection.first("SELECT 1 FROM snapshots WHERE workspace_id = ? AND name = ?", [.text(workspace.id), .text(name)]) != nil {
                throw APIError.conflict("A snapshot named \"\(name)\" already exists for this workspace.", field: "name")
            }
            let count = try await connection.first("SELECT COUNT(*) FROM snapshots WHERE workspace_id = ?", [.text(workspace.id)])?.int(0) ?? 0
            if count >= Self.maxSnapshots {
                throw APIError.conflict("The workspace already has \(Self.maxSnapshots) snapshots, the most it may keep.")
            }
            try await connection.execute(
                "INSERT INTO snapshots (id, workspace_id, name, state, created_at) VALUES (?, ?, ?, 'available', ?)",
                [.text(id), .text(workspace.id), .text(name), .text(now)])
            return SnapshotRecord(id: id, workspaceID: workspace.id, name: name, state: "available", createdAt: now)
        }
    }

    public func snapshots(workspaceID: String) async throws -> [SnapshotRecord] {
        try await database.read { connection in
            try await connection.query("SELECT id, workspace_id, name, state, created_at FROM snapshots WHERE workspace_id = ? ORDER BY created_at, name", [.text(workspaceID)]).map(Self.snapshot)
        }
    }
}

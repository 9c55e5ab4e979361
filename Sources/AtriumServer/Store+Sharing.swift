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
            let (workspace, access) = try Self.readable(
                try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access >= .use else { throw APIError.forbidden("Only the owner, site admins and grantees with the admin role may share this workspace.") }
            guard let organization = try await Self.organization(workspace.organizationID, on: connection) else { throw APIError.notFound("organization") }
            if organization.sharing == "none" {
                throw APIError.forbidden("Workspace sharing is disabled for organization \(organization.name).")
            }

            var validations: [APIError.Validation] = []
            var users: [(id: String, role: String)] = []
            var groups: [(id: String, role: String)] = []
            func checkRole(_ role: String, field: String, key: String) -> Bool {
                guard ["use", "admin", ""].contains(role) else {
                    validations.append(.init(field: field, detail: "role \"\(role)\" for \(key) is not one of \"use\", \"admin\" or \"\""))
                    return false
                }
                return true
            }
            for (key, role) in userRoles.sorted(by: { $0.key < $1.key }) {
                guard Self.isUUID(key) else {
                    validations.append(.init(field: "user_roles", detail: "\(key) is not a valid UUID"))
                    continue
                }
                guard checkRole(role, field: "user_roles", key: key) else { continue }
                guard try await connection.first("SELECT 1 FROM users WHERE id = ?", [.text(key.lowercased())]) != nil else {
                    validations.append(.init(field: "user_roles", detail: "user \(key) does not exist"))
                    continue
                }
                if key.lowercased() == workspace.owner.id {
                    validations.append(.init(field: "user_roles", detail: "cannot change the role of the workspace owner"))
                    continue
                }
                users.append((key.lowercased(), role))
            }
            for (key, role) in groupRoles.sorted(by: { $0.key < $1.key }) {
                guard Self.isUUID(key) else {
                    validations.append(.init(field: "group_roles", detail: "\(key) is not a valid UUID"))
                    continue
                }
                guard checkRole(role, field: "group_roles", key: key) else { continue }
                guard try await connection.first("SELECT 1 FROM user_groups WHERE id = ? AND organization_id = ?", [.text(key.lowercased()), .text(workspace.organizationID)]) != nil else {
                    validations.append(.init(field: "group_roles", detail: "group \(key) does not exist in the workspace's organization"))
                    continue
                }
                groups.append((key.lowercased(), role))
            }
            if !validations.isEmpty {
                throw APIError(.badRequest, "Invalid request to update workspace ACL.", validations: validations)
            }

            if access < .owner {
                guard access == .admin else {
                    throw APIError.forbidden("Grantees with the use role may not share the workspace; the admin role is needed.")
                }
                let current = Dictionary(workspace.users.map { ($0.user.id, $0.role) }, uniquingKeysWith: { $1 })
                let currentGroups = Dictionary(workspace.groups.map { ($0.group.id, $0.role) }, uniquingKeysWith: { $1 })
                let changes = users.map { ($0.role, current[$0.id]) } + groups.map { ($0.role, currentGroups[$0.id]) }
                for (role, existing) in changes where role != "use" || existing == "admin" {
                    throw APIError.forbidden("Workspace admins may only invite others with the use role.")
                }
            }

            for (id, role) in users {
                if role.isEmpty {
                    try await connection.execute("DELETE FROM workspace_user_acl WHERE workspace_id = ? AND user_id = ?", [.text(workspace.id), .text(id)])
                } else {
                    try await connection.execute(
                        "INSERT INTO workspace_user_acl (workspace_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role",
                        [.text(workspace.id), .text(id), .text(role)])
                }
            }
            for (id, role) in groups {
                if role.isEmpty {
                    try await connection.execute("DELETE FROM workspace_group_acl WHERE workspace_id = ? AND group_id = ?", [.text(workspace.id), .text(id)])
                } else {
                    try await connection.execute(
                        "INSERT INTO workspace_group_acl (workspace_id, group_id, role) VALUES (?, ?, ?) ON CONFLICT (workspace_id, group_id) DO UPDATE SET role = excluded.role",
                        [.text(workspace.id), .text(id), .text(role)])
                }
            }
            try await connection.execute("UPDATE workspaces SET updated_at = ? WHERE id = ?", [.text(ServerClock.now()), .text(workspace.id)])
        }
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

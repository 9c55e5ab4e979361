extension Store {
    package static let maxSnapshots = 10

    /// The rules for reading a workspace: unknown and invisible are the same 404.
    /// The workspace when `actor` has at least `least` on it (else 404, as Coder hides it): the
    /// workspace itself is seen through its link; its ACL, parameters, port shares and snapshots
    /// only with a grant.
    static func readable(
        _ workspace: WorkspaceRecord?, by actor: Caller, id: String, least: WorkspaceAccess = .link
    ) throws -> (WorkspaceRecord, WorkspaceAccess) {
        guard let workspace else { throw APIError.notFound("workspace \(id)") }
        let access = WorkspaceAccess(actor: actor, workspace: workspace)
        guard access >= least, access > .none else { throw APIError.notFound("workspace \(id)") }
        return (workspace, access)
    }

    /// Whether `actor` may `use` the workspace whose row begins `owner_id, admission` (the check a
    /// read of one workspace's details makes before answering, else the 404 of an unknown one).
    static func mayUse(_ actor: Caller, workspaceID: String, row: SQLRow, on connection: any SQLConnection)
        async throws -> Bool
    {
        try await access(
            of: actor, workspaceID: workspaceID, ownerID: row.string(0), admission: row.string(1), on: connection)
            >= .use
    }

    /// What `actor` may do with a workspace, from its row and one query of the ACL.
    static func access(
        of actor: Caller, workspaceID: String, ownerID: String, admission: String, on connection: any SQLConnection
    ) async throws -> WorkspaceAccess {
        if actor.isSiteAdmin || actor.user.id == ownerID { return .owner }
        let roles = try await connection.query(
            """
            SELECT role FROM workspace_user_acl WHERE workspace_id = ? AND user_id = ? \
            UNION ALL SELECT a.role FROM workspace_group_acl a JOIN group_members_expanded m ON m.group_id =
            a.group_id \
            WHERE a.workspace_id = ? AND m.user_id = ?
            """,
            [.text(workspaceID), .text(actor.user.id), .text(workspaceID), .text(actor.user.id)]
        ).map { $0.string(0) }
        if roles.contains("admin") { return .admin }
        if roles.contains("use") { return .use }
        return admission == "everyone" ? .link : .none
    }

    /// Link sharing (Gitpod's admission level); the owner and site admins only.
    package func setAdmission(workspaceID: String, actor: Caller, level: String) async throws -> WorkspaceRecord {
        let dialect = database.dialect
        return try await database.transaction { connection in
            let (workspace, access) = try Self.readable(
                try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access == .owner else {
                throw APIError.forbidden("Only the owner and site admins may change link sharing.")
            }
            let setting = try await Self.organization(workspace.organizationID, on: connection)?.sharing ?? "everyone"
            let ownerIsServiceAccount =
                try await connection.first(
                    "SELECT 1 FROM service_accounts WHERE user_id = ?", [.text(workspace.owner.id)]) != nil
            if level == "everyone", setting != "everyone", !(setting == "service_accounts" && ownerIsServiceAccount) {
                throw APIError.forbidden(
                    "Workspace sharing is disabled for organization \(workspace.organizationName).")
            }
            try await connection.execute(
                "UPDATE workspaces SET admission = ?, updated_at = ? WHERE id = ?",
                [.text(level), .text(ServerClock.now()), .text(workspace.id)])
            var updated = workspace
            updated.admission = level
            return updated
        }
    }

    static func snapshot(_ row: SQLRow) -> SnapshotRecord {
        SnapshotRecord(
            id: row.string(0), workspaceID: row.string(1), name: row.string(2), state: row.string(3),
            createdAt: row.string(4))
    }

    /// Takes a snapshot; names are unique per workspace and a workspace keeps at most 10.
    package func createSnapshot(workspaceID: String, actor: Caller, name: String) async throws -> SnapshotRecord {
        let dialect = database.dialect
        let id = Self.newID()
        let now = ServerClock.now()
        return try await database.transaction { connection in
            let (workspace, access) = try Self.readable(
                try await Self.workspace(id: workspaceID, on: connection, lock: dialect), by: actor, id: workspaceID)
            guard access >= .admin else {
                throw APIError.forbidden(
                    "Only the owner, site admins and grantees with the admin role may take snapshots.")
            }
            if try await connection.first(
                "SELECT 1 FROM snapshots WHERE workspace_id = ? AND name = ?", [.text(workspace.id), .text(name)])
                != nil
            {
                throw APIError.conflict(
                    "A snapshot named \"\(name)\" already exists for this workspace.", field: "name")
            }
            let count =
                try await connection.first(
                    "SELECT COUNT(*) FROM snapshots WHERE workspace_id = ?", [.text(workspace.id)])?.int(0) ?? 0
            if count >= Self.maxSnapshots {
                throw APIError.conflict(
                    "The workspace already has \(Self.maxSnapshots) snapshots, the most it may keep.")
            }
            try await connection.execute(
                "INSERT INTO snapshots (id, workspace_id, name, state, created_at) VALUES (?, ?, ?, 'available', ?)",
                [.text(id), .text(workspace.id), .text(name), .text(now)])
            return SnapshotRecord(id: id, workspaceID: workspace.id, name: name, state: "available", createdAt: now)
        }
    }

    package func snapshots(workspaceID: String) async throws -> [SnapshotRecord] {
        try await database.read { connection in
            try await connection.query(
                "SELECT id, workspace_id, name, state, created_at FROM snapshots WHERE workspace_id = ? ORDER "
                    + "BY created_at, name",
                [.text(workspaceID)]
            ).map(Self.snapshot)
        }
    }
}

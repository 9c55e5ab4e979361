/// Workspace ACLs under Coder's rules (coderd/workspaces.go patchWorkspaceACL and
/// deleteWorkspaceACL, coderd/rbac/acl/updatevalidator.go, db2sdk WorkspaceRoleActions): changing
/// the ACL is the workspace's `share`, which its owner, site admins and `admin` grantees hold;
/// nobody changes their own entry but a site admin, and nobody gives the owner a role.
extension Store {
    static let sharingDisabled = APIError.forbidden("Workspace sharing is disabled for this organization.")

    /// The workspace and what `actor` may do with it, for sharing: 404 when it is not visible,
    /// 403 when its organization disables sharing (answered before any request body is read).
    /// With `lock` (PostgreSQL), the workspace row is locked in that mode and the organization's
    /// row is shared, so that a change of the organization's sharing setting waits for the
    /// patches in flight and the patches after it see the new setting. `.keyShare` never waits
    /// for that change's update of the workspace rows, so one statement takes both locks;
    /// `.update` would, so it takes them in the setting change's order (lockForChange).
    func sharingTarget(
        _ workspaceID: String, actor: Caller, lock: RowLock?, on connection: any SQLConnection
    ) async throws -> (id: String, ownerID: String, access: WorkspaceAccess) {
        guard Self.isUUID(workspaceID) else { throw APIError.notFound("workspace \(workspaceID)") }
        if lock == .update {
            try await Self.lockForChange(
                workspaceID: workspaceID.lowercased(), dialect: database.dialect, on: connection)
        }
        let locks = lock == .keyShare ? database.dialect.locking([("w", .keyShare), ("o", .share)]) : ""
        guard
            let row = try await connection.first(
                """
                SELECT w.id, w.owner_id, w.admission, o.sharing, \
                CASE WHEN EXISTS (SELECT 1 FROM service_accounts s WHERE s.user_id = w.owner_id) THEN 1 ELSE 0 END \
                FROM workspaces w JOIN organizations o ON o.id = w.organization_id WHERE w.id = ?\(locks)
                """,
                [.text(workspaceID.lowercased())])
        else { throw APIError.notFound("workspace \(workspaceID)") }
        let access = try await Self.access(
            of: actor, workspaceID: row.string(0), ownerID: row.string(1), admission: row.string(2), on: connection)
        guard access > .none else { throw APIError.notFound("workspace \(workspaceID)") }
        let setting = row.string(3)
        if setting != "everyone" && !(setting == "service_accounts" && row.bool(4)) { throw Self.sharingDisabled }
        return (row.string(0), row.string(1), access)
    }

    /// Checks, before a request body is read, that `actor` may see the workspace and that its
    /// organization allows sharing; returns the workspace's owner (for `patchACL`).
    @discardableResult
    package func checkSharingAllowed(workspaceID: String, actor: Caller) async throws -> String {
        try await database.read { connection in
            try await self.sharingTarget(workspaceID, actor: actor, lock: nil, on: connection).ownerID
        }
    }

    /// Merges role changes into a workspace's ACL in one transaction (`""` removes a grant).
    /// `ownerID` is the workspace's owner when the caller has read it (`checkSharingAllowed`);
    /// an owner never changes, so it saves a query.
    package func patchACL(
        workspaceID: String, actor: Caller, ownerID: String? = nil, userRoles: [String: String],
        groupRoles: [String: String]
    ) async throws {
        // Owners and site admins merge entries, which needs no view of the rest of the ACL: their
        // patches of one workspace run side by side (each upsert is atomic) and queue only on the
        // final update of the row. Grantees' rules read the ACL, so their patches go one at a time.
        let owns =
            if let ownerID { actor.isSiteAdmin || ownerID == actor.user.id } else {
                try await owns(workspaceID, actor: actor)
            }
        let lock: RowLock = owns ? .keyShare : .update
        if owns, let ownerID, !userRoles.keys.contains(where: { $0.lowercased() == actor.user.id }),
            try await patchACLInOneStatement(
                workspaceID: workspaceID.lowercased(), ownerID: ownerID,
                entries: ACLEntries(userRoles: userRoles, groupRoles: groupRoles))
        {
            return
        }
        try await database.transaction { connection in
            let target = try await self.sharingTarget(workspaceID, actor: actor, lock: lock, on: connection)
            if lock == .keyShare && target.access < .owner {
                throw APIError.conflict("The workspace changed during the request; try again.")
            }
            guard target.access >= .use else {
                throw APIError.forbidden(
                    "Only the owner, site admins and grantees with the admin role may share this workspace.")
            }
            // coderd/workspaces.go patchWorkspaceACL: nobody changes their own entry, but those
            // whose `share` comes from their role rather than the workspace (site admins here).
            if !actor.isSiteAdmin, userRoles.keys.contains(where: { $0.lowercased() == actor.user.id }) {
                throw APIError.badRequest("You cannot change your own workspace sharing role.")
            }
            let change = try await Self.validated(
                userRoles: userRoles, groupRoles: groupRoles, ownerID: target.ownerID, on: connection)
            try Self.checkGranteeMayShare(target.access)
            try await Self.write(change, workspaceID: target.id, dialect: self.database.dialect, on: connection)
        }
    }

    /// Whether `actor` is a site admin or owns the workspace (its owner never changes).
    func owns(_ workspaceID: String, actor: Caller) async throws -> Bool {
        if actor.isSiteAdmin { return true }
        guard Self.isUUID(workspaceID) else { return false }
        return try await database.read { connection in
            try await connection.first(
                "SELECT owner_id FROM workspaces WHERE id = ?", [.text(workspaceID.lowercased())])?.string(0)
                == actor.user.id
        }
    }

    /// Removes every grant: whoever holds `share` on the workspace (its owner, site admins, and
    /// grantees with `admin`), as for a patch; a grantee with `use` gets 403.
    package func clearACL(workspaceID: String, actor: Caller) async throws {
        try await database.transaction { connection in
            let target = try await self.sharingTarget(workspaceID, actor: actor, lock: .update, on: connection)
            try Self.checkGranteeMayShare(target.access)
            try await connection.execute("DELETE FROM workspace_user_acl WHERE workspace_id = ?", [.text(target.id)])
            try await connection.execute("DELETE FROM workspace_group_acl WHERE workspace_id = ?", [.text(target.id)])
            try await connection.execute(
                "UPDATE workspaces SET updated_at = ? WHERE id = ?", [.text(ServerClock.now()), .text(target.id)])
        }
    }
}

import HTTPTypes

extension Store {
    static let workspaceColumns = """
        w.id, w.name, w.organization_id, o.name, w.parameters, w.admission, w.created_at, w.updated_at, \
        u.id, u.username, u.email, u.name, u.site_admin, u.status, u.created_at, u.updated_at, \
        t.id, t.organization_id, o.name, o.display_name, t.name, t.display_name, t.description, t.parameters, \
        t.active_version_id, t.created_by, COALESCE(cu.username, ''), t.created_at, t.updated_at, \
        t.max_port_share_level
        """
    static let workspaceJoin = """
        workspaces w JOIN users u ON u.id = w.owner_id JOIN organizations o ON o.id = w.organization_id \
        JOIN templates t ON t.id = w.template_id LEFT JOIN users cu ON cu.id = t.created_by
        """

    /// A workspace from its row. Listings, which show no parameters, leave them undecoded.
    static func workspace(_ row: SQLRow, parameters: Bool) -> WorkspaceRecord {
        WorkspaceRecord(
            id: row.string(0), name: row.string(1), organizationID: row.string(2), organizationName: row.string(3),
            owner: user(row, at: 8), template: template(row, at: 16),
            parameters: parameters ? stringMap(row.string(4)) ?? [:] : [:],
            admission: row.string(5),
            createdAt: row.string(6), updatedAt: row.string(7), users: [], groups: [])
    }

    /// Workspace columns in `workspaceColumns`.
    static let workspaceColumnCount = 30

    package func workspace(id: String) async throws -> WorkspaceRecord? {
        try await database.read { connection in try await Self.workspace(id: id, on: connection) }
    }

    static func workspace(id: String, on connection: any SQLConnection, lock: SQLDialect? = nil) async throws
        -> WorkspaceRecord?
    {
        guard isUUID(id) else { return nil }
        if let lock { try await lockForChange(workspaceID: id.lowercased(), dialect: lock, on: connection) }
        // The row and its grants in one query: a `w` row of the workspace's columns, then the ACL's
        // rows after as many NULLs (ordered `w`, `u`, `g`, then by the ACL's sort key).
        let nulls = Array(repeating: "NULL", count: workspaceColumnCount).joined(separator: ", ") + ", "
        let acl = Array(repeating: "NULL", count: 18).joined(separator: ", ")
        let rows = try await connection.query(
            """
            SELECT 'w', \(workspaceColumns), \(acl) FROM \(workspaceJoin) WHERE w.id = ? \
            UNION ALL \(aclSelect("?", before: nulls)) ORDER BY 1 DESC, \(workspaceColumnCount + 4)
            """,
            Array(repeating: .text(id.lowercased()), count: 3))
        guard let first = rows.first, first.string(0) == "w" else { return nil }
        let workspace = workspace(SQLRow(Array(first.values[1...workspaceColumnCount])), parameters: true)
        let aclRows = rows.dropFirst().map { SQLRow([$0.values[0]] + Array($0.values[(workspaceColumnCount + 1)...])) }
        return try await attachACLs(aclRows, to: [workspace], members: true, on: connection).first
    }

    /// Locks a workspace's row for a read-check-write change, and shares its organization's row so
    /// that the organization's sharing setting cannot change under it (PostgreSQL). The
    /// organization is locked first, in the order a change of that setting locks them (the
    /// organization, then its workspaces), so the two never wait for each other.
    static func lockForChange(workspaceID: String, dialect: SQLDialect, on connection: any SQLConnection) async throws {
        guard dialect == .postgres else { return }
        _ = try await connection.first(
            "SELECT o.id FROM workspaces w JOIN organizations o ON o.id = w.organization_id WHERE w.id = "
                + "?\(dialect.locking([("o", .share)]))",
            [.text(workspaceID)])
        _ = try await connection.first(
            "SELECT w.id FROM workspaces w WHERE w.id = ?\(dialect.locking([("w", .update)]))", [.text(workspaceID)])
    }

    /// The parameters of the workspace's build (the reference server's one build per workspace)
    /// when `actor` may `use` it, else the 404 of an unknown workspace: its row and (for anyone
    /// but its owner and site admins) one query of its ACL, not its grants with their groups'
    /// members as `readable` needs.
    func buildParameters(workspaceID: String, readableBy actor: Caller) async throws -> [String: String] {
        guard Self.isUUID(workspaceID) else { throw APIError.notFound("workspace \(workspaceID)") }
        let id = workspaceID.lowercased()
        let stored = try await database.read { connection in
            let row = try await connection.first(
                "SELECT owner_id, admission, parameters FROM workspaces WHERE id = ?", [.text(id)])
            guard let row, try await Self.mayUse(actor, workspaceID: id, row: row, on: connection)
            else { throw APIError.notFound("workspace \(workspaceID)") }
            return row.string(2)
        }
        return Self.stringMap(stored) ?? [:]
    }

    package func workspace(ownerID: String, name: String) async throws -> WorkspaceRecord? {
        try await database.read { connection in
            guard
                let row = try await connection.first(
                    "SELECT \(Self.workspaceColumns) FROM \(Self.workspaceJoin) WHERE w.owner_id = ? AND w.name = ?",
                    [.text(ownerID), .text(name)])
            else { return nil }
            return try await Self.withACLs([Self.workspace(row, parameters: true)], on: connection).first
        }
    }

    /// The workspaces `actor` can see that match `filter`: their own, those shared with them or
    /// their groups, and every workspace for site admins. `count` ignores paging.
    package func workspaces(filter: WorkspaceFilter, actor: Caller, limit: Int, offset: Int) async throws -> (
        workspaces: [WorkspaceRecord], count: Int
    ) {
        let dialect = database.dialect
        return try await database.read { connection in
            let (conditions, binds) = try await Self.conditions(for: filter, actor: actor, on: connection)
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            // The count joins only the tables the conditions name: every workspace has its owner,
            // template and organization, and at 100,000 workspaces joining them all took longer
            // than the page itself.
            let countFrom =
                "workspaces w" + (filter.owner != nil ? " JOIN users u ON u.id = w.owner_id" : "")
                + (filter.template != nil ? " JOIN templates t ON t.id = w.template_id" : "")
            let count =
                try await connection.first("SELECT COUNT(*) FROM \(countFrom) \(whereClause)", binds)?.int(0) ?? 0
            let rows = try await connection.query(
                Self.pageQuery(dialect: dialect, conditions: conditions, joinsTemplates: filter.template != nil),
                binds + [SQLValue(limit), SQLValue(offset)])
            return (
                try await Self.withACLs(
                    rows.map { Self.workspace($0, parameters: false) }, members: false, on: connection), count
            )
        }
    }

    /// The workspaces a member sees: their own, and those shared with them or a group of theirs
    /// (the caller's id bound three times).
    static let visibleToCaller = """
        (w.owner_id = ? OR EXISTS (SELECT 1 FROM workspace_user_acl a WHERE a.workspace_id = w.id AND
        a.user_id = ?) \
        OR EXISTS (SELECT 1 FROM workspace_group_acl a JOIN group_members_expanded m ON m.group_id =
        a.group_id WHERE a.workspace_id = w.id AND m.user_id = ?))
        """

    /// The WHERE conditions and their binds for Coder's workspace search, as the caller may see.
    static func conditions(for filter: WorkspaceFilter, actor: Caller, on connection: any SQLConnection) async throws
        -> (conditions: [String], binds: [SQLValue])
    {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if !actor.isSiteAdmin {
            conditions.append(Self.visibleToCaller)
            binds += Array(repeating: .text(actor.user.id), count: 3)
        }
        if let owner = filter.owner {
            let reference = owner == "me" ? actor.user.id : owner
            conditions.append(Self.isUUID(reference) ? "u.id = ?" : "u.username = ?")
            binds.append(.text(Self.isUUID(reference) ? reference.lowercased() : reference))
        }
        if let name = filter.name {
            conditions.append("LOWER(w.name) LIKE ? ESCAPE '\\'")
            binds.append(.text(SearchQuery.likeContains(name.lowercased())))
        }
        if let template = filter.template {
            conditions.append(Self.isUUID(template) ? "t.id = ?" : "t.name = ?")
            binds.append(.text(template))
        }
        let anyGrant =
            "(EXISTS (SELECT 1 FROM workspace_user_acl a WHERE a.workspace_id = w.id) OR EXISTS (SELECT 1 FROM "
            + "workspace_group_acl a WHERE a.workspace_id = w.id))"
        if let shared = filter.shared {
            conditions.append(shared ? anyGrant : "NOT \(anyGrant)")
        }
        if let reference = filter.sharedWithUser {
            guard let user = reference == "me" ? actor.user : try await Self.user(reference, on: connection) else {
                throw APIError(
                    .badRequest, "Invalid workspace search query.",
                    validations: [.init(field: "shared_with_user", detail: "user \"\(reference)\" does not exist")])
            }
            conditions.append(
                "EXISTS (SELECT 1 FROM workspace_user_acl a WHERE a.workspace_id = w.id AND a.user_id = ?)")
            binds.append(.text(user.id))
        }
        if let reference = filter.sharedWithGroup {
            let organization = try await filter.sharedWithGroupOrganization.asyncMap {
                try await Self.organization($0, on: connection)
            }
            guard filter.sharedWithGroupOrganization == nil || organization != nil,
                let group = try await Self.group(reference, organizationID: organization??.id, on: connection)
            else {
                let named = [filter.sharedWithGroupOrganization, reference].compactMap { $0 }.joined(separator: "/")
                throw APIError(
                    .badRequest, "Invalid workspace search query.",
                    validations: [.init(field: "shared_with_group", detail: "group \"\(named)\" does not exist")])
            }
            conditions.append(
                "EXISTS (SELECT 1 FROM workspace_group_acl a WHERE a.workspace_id = w.id AND a.group_id = ?)")
            binds.append(.text(group.id))
        }
        return (conditions, binds)
    }

    /// One page of workspaces in username, then name, order. The page's ids are chosen first,
    /// joining only what the conditions name: the rows OFFSET skips cost an index step each, not
    /// the joins of every column. SQLite walks the users by username, then each one's workspaces by
    /// name (its CROSS JOIN fixes that order) without sorting them all; PostgreSQL plans a top-N
    /// sort itself. Then the page's 500 rows get their columns.
    static func pageQuery(dialect: SQLDialect, conditions: [String], joinsTemplates: Bool) -> String {
        let templates = joinsTemplates ? " JOIN templates t ON t.id = w.template_id" : ""
        let (from, ordered, join) =
            dialect == .sqlite
            ? ("users u CROSS JOIN workspaces w" + templates, ["w.owner_id = u.id"] + conditions, "CROSS JOIN")
            : ("workspaces w JOIN users u ON u.id = w.owner_id" + templates, conditions, "JOIN")
        let whereClause = ordered.isEmpty ? "" : "WHERE " + ordered.joined(separator: " AND ")
        return """
            SELECT \(workspaceColumns) FROM (SELECT w.id AS page_id FROM \(from) \(whereClause) ORDER BY
            u.username, w.name LIMIT ? OFFSET ?) page \
            \(join) workspaces w ON w.id = page.page_id JOIN users u ON u.id = w.owner_id JOIN organizations o
            ON o.id = w.organization_id \
            JOIN templates t ON t.id = w.template_id LEFT JOIN users cu ON cu.id = t.created_by ORDER BY
            u.username, w.name
            """
    }

    /// Creates `owner`'s workspace from `template` (in the template's organization) in one
    /// statement: the unique (owner, name) index refuses a duplicate, and the record returned is
    /// built from what the caller read, so the write holds SQLite's one writer for one INSERT.
    package func createWorkspace(
        owner: UserRecord, template: TemplateRecord, name: String, parameters: [String: String]
    )
        async throws -> WorkspaceRecord
    {
        let id = Self.newID()
        let now = ServerClock.now()
        let parametersText = Self.json(parameters)
        do {
            try await database.transaction { connection in
                try await connection.execute(
                    "INSERT INTO workspaces (id, organization_id, owner_id, template_id, name, parameters, "
                        + "admission, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'owner', ?, ?)",
                    [
                        .text(id), .text(template.organizationID), .text(owner.id), .text(template.id), .text(name),
                        .text(parametersText), .text(now), .text(now),
                    ])
            }
        } catch SQLDatabaseError.uniqueViolation {
            throw APIError.conflict("Workspace \"\(name)\" already exists.", field: "name")
        }
        // A new workspace is shared with nobody and opened to no link.
        return WorkspaceRecord(
            id: id, name: name, organizationID: template.organizationID, organizationName: template.organizationName,
            owner: owner, template: template,
            parameters: parameters, admission: "owner", createdAt: now, updatedAt: now, users: [], groups: [])
    }
}

extension Store {
    static let templateColumns =
        "t.id, t.organization_id, o.name, o.display_name, t.name, t.display_name, t.description, t.parameters, "
        + "t.active_version_id, t.created_by, COALESCE(cu.username, ''), t.created_at, t.updated_at, "
        + "t.max_port_share_level"
    static let templateJoin =
        "templates t JOIN organizations o ON o.id = t.organization_id LEFT JOIN users cu ON cu.id = t.created_by"

    private static let templateParameters = DecodedListCache()

    static func template(_ row: SQLRow, at offset: Int = 0) -> TemplateRecord {
        TemplateRecord(
            id: row.string(offset), organizationID: row.string(offset + 1), organizationName: row.string(offset + 2),
            organizationDisplayName: row.string(offset + 3), name: row.string(offset + 4),
            displayName: row.string(offset + 5),
            description: row.string(offset + 6),
            parameters: templateParameters.list(row.string(offset + 7)) { decode([String].self, $0) },
            activeVersionID: row.string(offset + 8), createdByID: row.string(offset + 9),
            createdByName: row.string(offset + 10),
            createdAt: row.string(offset + 11), updatedAt: row.string(offset + 12),
            maxPortShareLevel: row.string(offset + 13))
    }

    package func templates(organizationID: String?) async throws -> [TemplateRecord] {
        try await database.read { connection in
            if let organizationID {
                return try await connection.query(
                    "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) WHERE t.organization_id = ? "
                        + "ORDER BY t.name",
                    [.text(organizationID)]
                ).map { Self.template($0) }
            }
            return try await connection.query(
                "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) ORDER BY o.name, t.name", []
            ).map { Self.template($0) }
        }
    }

    /// A template by name in an organization.
    package func template(organizationID: String, name: String) async throws -> TemplateRecord? {
        try await database.read { connection in
            try await connection.first(
                "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) WHERE t.organization_id = ? AND t.name = ?",
                [.text(organizationID), .text(name)]
            ).map { Self.template($0) }
        }
    }

    /// A template by its ID or by its active version's ID.
    package func template(id: String?, versionID: String?) async throws -> TemplateRecord? {
        try await database.read { connection in
            if let id {
                return try await connection.first(
                    "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) WHERE t.id = ?", [.text(id.lowercased())]
                ).map { Self.template($0) }
            }
            guard let versionID else { return nil }
            return try await connection.first(
                "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) WHERE t.active_version_id = ?",
                [.text(versionID.lowercased())]
            ).map { Self.template($0) }
        }
    }

    package func createTemplate(
        organizationID: String, name: String, displayName: String, description: String, parameters: [String],
        createdBy: String, maxPortShareLevel: String = "owner"
    ) async throws -> TemplateRecord {
        let id = Self.newID()
        let now = ServerClock.now()
        return try await database.transaction { connection in
            if try await connection.first(
                "SELECT 1 FROM templates WHERE organization_id = ? AND name = ?", [.text(organizationID), .text(name)])
                != nil
            {
                throw APIError.conflict("Template with name \"\(name)\" already exists.", field: "name")
            }
            try await connection.execute(
                "INSERT INTO templates (id, organization_id, name, display_name, description, parameters, "
                    + "active_version_id, created_by, created_at, updated_at, max_port_share_level) VALUES (?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(id), .text(organizationID), .text(name), .text(displayName), .text(description),
                    .text(Self.json(parameters)), .text(Self.newID()), .text(createdBy), .text(now), .text(now),
                    .text(maxPortShareLevel),
                ])
            // The Everyone group may use a new template, as Coder sets it.
            try await connection.execute(
                "INSERT INTO template_acl (template_id, kind, subject_id, role) VALUES (?, 'group', ?, 'use')",
                [.text(id), .text(organizationID)])
            guard
                let row = try await connection.first(
                    "SELECT \(Self.templateColumns) FROM \(Self.templateJoin) WHERE t.id = ?", [.text(id)])
            else {
                throw APIError.notFound("template \(id)")
            }
            return Self.template(row)
        }
    }
}

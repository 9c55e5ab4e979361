import HTTPTypes

extension Store {
    static let groupColumns = "g.id, g.organization_id, o.name, o.display_name, g.name, g.display_name, g.created_at"
    static let groupJoin = "user_groups g JOIN organizations o ON o.id = g.organization_id"

    static func group(_ row: SQLRow, at offset: Int = 0) -> GroupRecord {
        GroupRecord(
            id: row.string(offset), organizationID: row.string(offset + 1), organizationName: row.string(offset + 2),
            organizationDisplayName: row.string(offset + 3), name: row.string(offset + 4),
            displayName: row.string(offset + 5),
            createdAt: row.string(offset + 6), members: [])
    }

    /// Fills in the members of groups, in one query.
    static func withMembers(_ groups: [GroupRecord], on connection: any SQLConnection) async throws -> [GroupRecord] {
        guard !groups.isEmpty else { return groups }
        let rows = try await connection.query(
            "SELECT m.group_id, \(userColumns) FROM group_members_expanded m JOIN users u ON u.id = m.user_id "
                + "WHERE m.group_id IN (\(placeholders(groups.count))) ORDER BY u.username",
            groups.map { .text($0.id) })
        var members: [String: [UserRecord]] = [:]
        for row in rows { members[row.string(0), default: []].append(user(row, at: 1)) }
        return groups.map { group in
            var group = group
            group.members = members[group.id] ?? []
            return group
        }
    }

    /// Groups, optionally of one organization and with one member.
    package func groups(organizationID: String?, memberID: String?) async throws -> [GroupRecord] {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let organizationID {
            conditions.append("g.organization_id = ?")
            binds.append(.text(organizationID))
        }
        if let memberID {
            conditions.append(
                "EXISTS (SELECT 1 FROM group_members_expanded m WHERE m.group_id = g.id AND m.user_id = ?)")
            binds.append(.text(memberID))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await database.read { [binds] connection in
            let groups = try await connection.query(
                "SELECT \(Self.groupColumns) FROM \(Self.groupJoin) \(whereClause) ORDER BY o.name, g.name", binds
            ).map { Self.group($0) }
            return try await Self.withMembers(groups, on: connection)
        }
    }

    /// A group by UUID, or by `name` in an organization, or by `org/name`.
    package func group(_ reference: String, organizationID: String? = nil) async throws -> GroupRecord? {
        try await database.read { connection in
            try await Self.group(reference, organizationID: organizationID, on: connection)
        }
    }

    static func group(_ reference: String, organizationID: String?, on connection: any SQLConnection) async throws
        -> GroupRecord?
    {
        let row: SQLRow?
        if isUUID(reference) {
            row = try await connection.first(
                "SELECT \(groupColumns) FROM \(groupJoin) WHERE g.id = ?", [.text(reference.lowercased())])
        } else if let organizationID {
            row = try await connection.first(
                "SELECT \(groupColumns) FROM \(groupJoin) WHERE g.organization_id = ? AND g.name = ?",
                [.text(organizationID), .text(reference)])
        } else if let slash = reference.firstIndex(of: "/") {
            row = try await connection.first(
                "SELECT \(groupColumns) FROM \(groupJoin) WHERE o.name = ? AND g.name = ?",
                [.text(String(reference[..<slash])), .text(String(reference[reference.index(after: slash)...]))])
        } else {
            row = try await connection.first(
                "SELECT \(groupColumns) FROM \(groupJoin) WHERE o.is_default = 1 AND g.name = ?", [.text(reference)])
        }
        guard let row else { return nil }
        return try await withMembers([group(row)], on: connection).first
    }

    package func createGroup(organizationID: String, name: String, displayName: String) async throws -> GroupRecord {
        let id = Self.newID()
        return try await database.transaction { connection in
            if try await connection.first(
                "SELECT 1 FROM user_groups WHERE organization_id = ? AND name = ?",
                [.text(organizationID), .text(name)]) != nil
            {
                throw APIError.conflict("A group named \(name) already exists.", field: "name")
            }
            try await connection.execute(
                "INSERT INTO user_groups (id, organization_id, name, display_name, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(id), .text(organizationID), .text(name), .text(displayName), .text(ServerClock.now())])
            guard let group = try await Self.group(id, organizationID: nil, on: connection) else {
                throw APIError.notFound("group \(id)")
            }
            return group
        }
    }

    /// Deletes a group, its members and its grants (the tables cascade).
    package func deleteGroup(id: String) async throws {
        try await database.transaction { connection in
            try await connection.execute("DELETE FROM user_groups WHERE id = ?", [.text(id)])
        }
    }

    /// Adds and removes members (UUIDs or usernames) and renames, in one transaction.
    package func patchGroup(id: String, add: [String], remove: [String], name: String?, displayName: String?)
        async throws -> GroupRecord
    {
        try await database.transaction { connection in
            guard let group = try await Self.group(id, organizationID: nil, on: connection) else {
                throw APIError.notFound("group \(id)")
            }
            var unknown: [APIError.Validation] = []
            for (field, references) in [("add_users", add), ("remove_users", remove)] {
                for reference in references {
                    guard let user = try await Self.user(reference, on: connection) else {
                        unknown.append(.init(field: field, detail: "user \(reference) does not exist"))
                        continue
                    }
                    if field == "add_users" {
                        guard
                            try await connection.first(
                                "SELECT 1 FROM organization_members WHERE organization_id = ? AND user_id = ?",
                                [.text(group.organizationID), .text(user.id)]) != nil
                        else {
                            unknown.append(
                                .init(field: field, detail: "user \(reference) is not a member of the organization"))
                            continue
                        }
                        try await connection.execute(
                            "INSERT INTO group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [.text(group.id), .text(user.id)])
                    } else {
                        try await connection.execute(
                            "DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
                            [.text(group.id), .text(user.id)])
                    }
                }
            }
            if !unknown.isEmpty { throw APIError(.badRequest, "Invalid group members.", validations: unknown) }
            if let name, name != group.name {
                if try await connection.first(
                    "SELECT 1 FROM user_groups WHERE organization_id = ? AND name = ?",
                    [.text(group.organizationID), .text(name)]) != nil
                {
                    throw APIError.conflict("A group named \(name) already exists.", field: "name")
                }
                try await connection.execute(
                    "UPDATE user_groups SET name = ? WHERE id = ?", [.text(name), .text(group.id)])
            }
            if let displayName {
                try await connection.execute(
                    "UPDATE user_groups SET display_name = ? WHERE id = ?", [.text(displayName), .text(group.id)])
            }
            guard let updated = try await Self.group(group.id, organizationID: nil, on: connection) else {
                throw APIError.notFound("group \(id)")
            }
            return updated
        }
    }
}

import Foundation
import HTTPTypes

/// A template's ACL: who may use or administer it.
package struct TemplateACLRecord: Sendable {
    package var users: [(user: UserRecord, role: String)]
    /// Groups by id and name; the Everyone group's id is the organization's.
    package var groups: [(id: String, name: String, role: String)]
}

extension Store {
    /// The template's ACL, users by username and groups by name.
    package func templateACL(_ template: TemplateRecord) async throws -> TemplateACLRecord {
        try await database.read { connection in
            let users = try await connection.query(
                "SELECT a.role, \(Self.userColumns) FROM template_acl a JOIN users u ON u.id = a.subject_id "
                    + "WHERE a.template_id = ? AND a.kind = 'user' ORDER BY u.username",
                [.text(template.id)]
            ).map { (user: Self.user($0, at: 1), role: $0.string(0)) }
            let rows = try await connection.query(
                "SELECT a.subject_id, COALESCE(g.name, ''), a.role FROM template_acl a LEFT JOIN user_groups g "
                    + "ON g.id = a.subject_id WHERE a.template_id = ? AND a.kind = 'group'",
                [.text(template.id)])
            let groups = rows.map { row in
                let id = row.string(0)
                return (id: id, name: id == template.organizationID ? "Everyone" : row.string(1), role: row.string(2))
            }.sorted { $0.name < $1.name }
            return TemplateACLRecord(users: users, groups: groups)
        }
    }

    /// Applies `user_perms` and `group_perms` (id → `use`, `admin`, or `""` to remove) after
    /// checking them as enterprise/coderd/templates.go validateTemplateACLPerms does; nothing is
    /// written when one is refused.
    package func patchTemplateACL(_ template: TemplateRecord, users: [String: String], groups: [String: String])
        async throws
    {
        try await database.transaction { connection in
            var problems: [APIError.Validation] = []
            for (field, perms, isUser) in [("user_perms", users, true), ("group_perms", groups, false)] {
                for (id, role) in perms.sorted(by: { $0.key < $1.key }) {
                    guard ["use", "admin", ""].contains(role) else {
                        problems.append(.init(field: field, detail: "role \"\(role)\" is not a valid Template role"))
                        continue
                    }
                    guard Self.isUUID(id) else {
                        problems.append(.init(field: field, detail: "ID \(id)must be a valid UUID."))
                        continue
                    }
                    let table = isUser ? "users" : "user_groups"
                    let found = try await connection.first(
                        "SELECT 1 FROM \(table) WHERE id = ?", [.text(id.lowercased())])
                    let exists = found != nil || (!isUser && id.lowercased() == template.organizationID)
                    if !exists {
                        problems.append(
                            .init(
                                field: field,
                                detail: "Failed to find resource with ID \"\(id)\": sql: no rows in result set"))
                    }
                }
            }
            if !problems.isEmpty {
                throw APIError(.badRequest, "Invalid request to update template metadata!", validations: problems)
            }
            for (kind, perms) in [("user", users), ("group", groups)] {
                for (id, role) in perms {
                    try await connection.execute(
                        "DELETE FROM template_acl WHERE template_id = ? AND kind = ? AND subject_id = ?",
                        [.text(template.id), .text(kind), .text(id.lowercased())])
                    guard !role.isEmpty else { continue }
                    try await connection.execute(
                        "INSERT INTO template_acl (template_id, kind, subject_id, role) VALUES (?, ?, ?, ?)",
                        [.text(template.id), .text(kind), .text(id.lowercased()), .text(role)])
                }
            }
        }
    }
}

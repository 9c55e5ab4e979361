/// Who may see and use a template, as Coder's RBAC reads a template's ACL (coderd/rbac: the
/// template object carries its ACL; enterprise/coderd/templates.go): a site admin administers
/// every template; anyone else holds the highest role the ACL gives them, directly, through a
/// group they are a member of, or through the organization's Everyone group (whose id is the
/// organization's). Without one, the template is not theirs to see.
extension Store {
    /// The SQL condition "the template ACL row reaches the user" (binds: user id three times).
    static let reachesUser =
        "((a.kind = 'user' AND a.subject_id = ?) OR (a.kind = 'group' AND (a.subject_id IN "
        + "(SELECT organization_id FROM organization_members WHERE user_id = ?) OR a.subject_id IN "
        + "(SELECT group_id FROM group_members_expanded WHERE user_id = ?))))"

    /// `admin`, `use`, or `nil` (the actor may not see the template).
    package func templateRole(_ template: TemplateRecord, for actor: Caller) async throws -> String? {
        if actor.isSiteAdmin { return "admin" }
        let id = actor.user.id
        let roles = try await database.read { connection in
            try await connection.query(
                "SELECT a.role FROM template_acl a WHERE a.template_id = ? AND \(Self.reachesUser)",
                [.text(template.id), .text(id), .text(id), .text(id)]
            ).map { $0.string(0) }
        }
        if roles.contains("admin") { return "admin" }
        return roles.isEmpty ? nil : "use"
    }

    /// The templates among `templates` the actor may see.
    package func readableTemplates(_ templates: [TemplateRecord], for actor: Caller) async throws -> [TemplateRecord] {
        if actor.isSiteAdmin { return templates }
        let id = actor.user.id
        let readable = Set(
            try await database.read { connection in
                try await connection.query(
                    "SELECT DISTINCT a.template_id FROM template_acl a WHERE \(Self.reachesUser)",
                    [.text(id), .text(id), .text(id)]
                ).map { $0.string(0) }
            })
        return templates.filter { readable.contains($0.id) }
    }
}

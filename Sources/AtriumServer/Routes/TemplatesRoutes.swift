import AtriumCore
import Hummingbird

/// Templates: what workspaces are created from (site admins create them).
struct TemplatesRoutes {
    let store: Store
    let organizations: OrganizationsRoutes

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.get("templates") { _, context in
            _ = try context.requireActor()
            return try await store.templates(organizationID: nil).map(TemplateJSON.init)
        }
        api.get("organizations/{organization}/templates") { _, context in
            let organization = try await organizations.resolve(context)
            return try await store.templates(organizationID: organization.id).map(TemplateJSON.init)
        }
        api.get("organizations/{organization}/templates/{templatename}") { _, context in
            let organization = try await organizations.resolve(context)
            let name = try context.parameters.require("templatename")
            guard let template = try await store.template(organizationID: organization.id, name: name) else {
                throw APIError.notFound("template \(name)")
            }
            return TemplateJSON(template)
        }
        api.post("organizations/{organization}/templates") { request, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may create templates.") }
            let body = try await request.decode(as: CreateTemplateRequest.self, context: context)
            if let problem = NameRules.problem(with: body.name, maxLength: 64) {
                throw APIError.badRequest("Invalid template name.", field: "name", detail: "name \(problem)")
            }
            let parameters = body.parameters ?? []
            if Set(parameters).count != parameters.count {
                throw APIError.badRequest("Duplicate parameter names.", field: "parameters")
            }
            let level = body.maxPortShareLevel ?? "owner"
            guard PortShareLevel(rawValue: level) != nil else {
                throw APIError.badRequest(
                    "invalid max port sharing level, value must be 'authenticated' or 'public'.",
                    field: "max_port_share_level")
            }
            let template = try await store.createTemplate(
                organizationID: organization.id, name: body.name, displayName: body.displayName ?? "",
                description: body.description ?? "", parameters: parameters, createdBy: actor.user.id,
                maxPortShareLevel: level)
            return TemplateJSON(template)
        }
        registerACL(on: api)
    }

    /// Coder's template ACL (enterprise/coderd/templates.go): anyone who may read the template
    /// reads it; site admins change it.
    private func registerACL(on api: RouterGroup<AtriumRequestContext>) {
        api.get("templates/{template}/acl") { _, context in
            _ = try context.requireActor()
            let template = try await resolveTemplate(context)
            let acl = try await store.templateACL(template)
            return TemplateACLJSON(
                users: acl.users.map {
                    .init(
                        id: $0.user.id, username: $0.user.username, name: $0.user.name, email: $0.user.email,
                        avatarUrl: "",
                        role: $0.role)
                },
                group: acl.groups.map {
                    .init(
                        id: $0.id, name: $0.name, displayName: $0.name == "Everyone" ? "" : $0.name,
                        organizationId: template.organizationID, members: [], totalMemberCount: 0, avatarUrl: "",
                        role: $0.role)
                })
        }
        api.patch("templates/{template}/acl") { request, context in
            let actor = try context.requireActor()
            let template = try await resolveTemplate(context)
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may change a template's ACL.") }
            let body = try await request.decode(as: UpdateTemplateACLRequest.self, context: context)
            try await store.patchTemplateACL(template, users: body.userPerms ?? [:], groups: body.groupPerms ?? [:])
            return MessageJSON(message: "Successfully updated template ACL list.")
        }
    }

    private func resolveTemplate(_ context: AtriumRequestContext) async throws -> TemplateRecord {
        let id = try context.parameters.require("template")
        guard Store.isUUID(id), let template = try await store.template(id: id, versionID: nil) else {
            throw APIError.notFound("template \(id)")
        }
        return template
    }
}

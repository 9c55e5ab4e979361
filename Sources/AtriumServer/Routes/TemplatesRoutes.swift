import AtriumCore
import Hummingbird

/// Templates: what workspaces are created from (site admins create them).
struct TemplatesRoutes {
    let store: Store
    let organizations: OrganizationsRoutes

    func register(on api: RouterGroup<AtriumRequestContext>) {
        // A template whose ACL does not reach the caller is not listed, and reads as not found.
        api.get("templates") { _, context in
            let actor = try context.requireActor()
            return try await store.readableTemplates(try await store.templates(organizationID: nil), for: actor)
                .map(TemplateJSON.init)
        }
        api.get("organizations/{organization}/templates") { _, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            return try await store.readableTemplates(
                try await store.templates(organizationID: organization.id), for: actor
            ).map(TemplateJSON.init)
        }
        api.get("organizations/{organization}/templates/{templatename}") { _, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            let name = try context.parameters.require("templatename")
            guard let template = try await store.template(organizationID: organization.id, name: name),
                try await store.templateRole(template, for: actor) != nil
            else {
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
    /// reads it; its admins (the ACL's `admin`, and site admins) change it.
    private func registerACL(on api: RouterGroup<AtriumRequestContext>) {
        api.get("templates/{template}/acl") { _, context in
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
            // Updating the ACL is the template's `update`: its admins (and site admins) hold it.
            guard try await store.templateRole(template, for: actor) == "admin" else {
                throw APIError.forbidden("Only the template's admins may change its ACL.")
            }
            let body = try await request.decode(as: UpdateTemplateACLRequest.self, context: context)
            try await store.patchTemplateACL(template, users: body.userPerms ?? [:], groups: body.groupPerms ?? [:])
            return MessageJSON(message: "Successfully updated template ACL list.")
        }
    }

    /// The template in the path, when the caller may see it (else 404, as Coder hides it).
    private func resolveTemplate(_ context: AtriumRequestContext) async throws -> TemplateRecord {
        let actor = try context.requireActor()
        let id = try context.parameters.require("template")
        guard Store.isUUID(id), let template = try await store.template(id: id, versionID: nil),
            try await store.templateRole(template, for: actor) != nil
        else {
            throw APIError.notFound("template \(id)")
        }
        return template
    }
}

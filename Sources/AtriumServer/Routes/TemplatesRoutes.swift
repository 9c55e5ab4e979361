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
            let template = try await store.createTemplate(
                organizationID: organization.id, name: body.name, displayName: body.displayName ?? "",
                description: body.description ?? "", parameters: parameters, createdBy: actor.user.id)
            return TemplateJSON(template)
        }
    }
}

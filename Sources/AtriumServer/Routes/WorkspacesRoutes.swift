import AtriumCore
import Hummingbird

/// Workspaces: search, lookup and creation.
struct WorkspacesRoutes {
    let store: Store
    let organizations: OrganizationsRoutes
    /// Whether workspaces carry the extensions' fields (link sharing); not under `--coder-only`.
    var extensions = true

    /// A workspace as this server answers it.
    func json(_ workspace: WorkspaceRecord) -> WorkspaceJSON {
        WorkspaceJSON(workspace, baseURL: store.baseURL, extensions: extensions)
    }

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.get("workspaces") { request, context in
            let actor = try context.requireActor()
            let query = request.uri.queryParameters
            let filter = try WorkspaceFilter(query: SearchQuery.q(request))
            let (limit, offset) = try Paging.parse(query)
            let (workspaces, count) = try await store.workspaces(
                filter: filter, actor: actor, limit: limit, offset: offset)
            return WorkspacesResponseJSON(
                workspaces: workspaces.map(json), count: count)
        }
        api.get("workspaces/{workspace}") { _, context in
            let (workspace, _) = try await readable(context)
            return json(workspace)
        }
        // A workspace's one build carries its parameters (the build's id is the workspace's).
        api.get("workspacebuilds/{workspacebuild}/parameters") { _, context in
            let actor = try context.requireActor()
            let id = try context.parameters.require("workspacebuild")
            let parameters = try await store.buildParameters(workspaceID: id, readableBy: actor)
            return BuildParametersJSON(
                parameters: parameters.sorted { $0.key < $1.key }.map {
                    WorkspaceBuildParameterJSON(name: $0.key, value: $0.value)
                })
        }
        api.get("users/{user}/workspace/{workspacename}") { _, context in
            let actor = try context.requireActor()
            let reference = try context.parameters.require("user")
            let name = try context.parameters.require("workspacename")
            let owner = reference == "me" ? actor.user : try await store.user(reference)
            guard let owner else { throw APIError.notFound("user \(reference)") }
            let (workspace, _) = try Store.readable(
                try await store.workspace(ownerID: owner.id, name: name), by: actor, id: "\(reference)/\(name)")
            return json(workspace)
        }
        api.post("organizations/{organization}/members/{user}/workspaces") { request, context in
            let organization = try await organizations.resolve(context)
            return try await create(request, context, organization: organization)
        }
        api.post("users/{user}/workspaces") { request, context in
            try await create(request, context, organization: nil)
        }
    }

    /// The `{workspace}` UUID, if the actor may see it (404 otherwise, as for an unknown one).
    func readable(_ context: AtriumRequestContext, least: WorkspaceAccess = .link) async throws -> (
        WorkspaceRecord, WorkspaceAccess
    ) {
        let actor = try context.requireActor()
        let id = try context.parameters.require("workspace")
        return try Store.readable(try await store.workspace(id: id), by: actor, id: id, least: least)
    }

    private func create(_ request: Request, _ context: AtriumRequestContext, organization: OrganizationRecord?)
        async throws -> WorkspaceJSON
    {
        let actor = try context.requireActor()
        let reference = try context.parameters.require("user")
        let owner = reference == "me" ? actor.user : try await store.user(reference)
        guard let owner else { throw APIError.notFound("user \(reference)") }
        guard actor.isSiteAdmin || actor.user.id == owner.id else {
            throw APIError.forbidden("Only site admins may create workspaces for other users.")
        }
        let body = try await request.decode(as: CreateWorkspaceRequest.self, context: context)
        if let problem = NameRules.workspaceNameProblem(body.name) {
            throw APIError.badRequest("Invalid workspace name.", field: "name", detail: "name \(problem)")
        }
        guard (body.templateId == nil) != (body.templateVersionId == nil) else {
            throw APIError.badRequest(
                "Give template_id or template_version_id, not both or neither.", field: "template_id")
        }
        // A template whose ACL does not reach the caller does not exist for them (coderd/workspaces.go:
        // the template is read with the caller's authorization; reading it is using it here).
        guard let template = try await store.template(id: body.templateId, versionID: body.templateVersionId),
            try await store.templateRole(template, for: actor) != nil
        else {
            let field = body.templateId == nil ? "template_version_id" : "template_id"
            throw APIError.badRequest(
                "Template with ID \"\(body.templateId ?? body.templateVersionId ?? "")\" doesn't exist.", field: field,
                detail: "no template with that ID")
        }
        if let organization, template.organizationID != organization.id {
            throw APIError.badRequest("The template belongs to another organization.", field: "template_id")
        }
        guard try await store.isMember(userID: owner.id, organizationID: template.organizationID) else {
            throw APIError.badRequest("The owner is not a member of the template's organization.", field: "template_id")
        }
        var parameters: [String: String] = [:]
        var validations: [APIError.Validation] = []
        for parameter in body.richParameterValues ?? [] {
            if !template.parameters.contains(parameter.name) {
                validations.append(
                    .init(
                        field: "rich_parameter_values",
                        detail: "parameter \"\(parameter.name)\" is not defined by template \(template.name)"))
            } else if parameters.updateValue(parameter.value, forKey: parameter.name) != nil {
                validations.append(
                    .init(field: "rich_parameter_values", detail: "parameter \"\(parameter.name)\" is given twice"))
            }
        }
        if !validations.isEmpty { throw APIError(.badRequest, "Invalid parameters.", validations: validations) }
        let workspace = try await store.createWorkspace(
            owner: owner, template: template, name: body.name, parameters: parameters)
        return json(workspace)
    }
}

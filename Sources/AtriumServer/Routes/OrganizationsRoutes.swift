import Hummingbird

/// Organizations, their members and their workspace-sharing setting.
struct OrganizationsRoutes {
    let store: Store

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.get("organizations/{organization}") { _, context in
            OrganizationJSON(try await resolve(context))
        }
        api.get("organizations/{organization}/members") { _, context in
            let organization = try await resolve(context)
            let members = try await store.members(organizationID: organization.id)
            return members.map { member in
                OrganizationMemberJSON(
                    userId: member.user.id, username: member.user.username, name: member.user.name,
                    email: member.user.email,
                    avatarUrl: "", organizationId: organization.id, createdAt: member.joinedAt,
                    updatedAt: member.joinedAt,
                    roles: [],
                    globalRoles: member.user.siteAdmin
                        ? [SlimRoleJSON(name: "owner", displayName: "Owner", organizationId: nil)] : [])
            }
        }
        api.get("organizations/{organization}/settings/workspace-sharing") { _, context in
            let organization = try await resolve(context)
            return WorkspaceSharingSettingsJSON(shareableWorkspaceOwners: organization.sharing)
        }
        api.patch("organizations/{organization}/settings/workspace-sharing") { request, context in
            let actor = try context.requireActor()
            let organization = try await resolve(context)
            guard actor.isSiteAdmin else {
                throw APIError.forbidden("Only site admins may change the organization's sharing setting.")
            }
            let body = try await request.decode(as: UpdateSharingSettingsRequest.self, context: context)
            guard UpdateSharingSettingsRequest.values.contains(body.requested) else {
                throw APIError.badRequest(
                    "Invalid shareable workspace owners value.", field: "shareable_workspace_owners",
                    detail: "must be one of \(UpdateSharingSettingsRequest.values.joined(separator: ", "))")
            }
            let updated = try await store.setSharing(organizationID: organization.id, to: body.requested)
            return WorkspaceSharingSettingsJSON(shareableWorkspaceOwners: updated.sharing)
        }
    }

    /// `{organization}`: a name or a UUID, visible to its members and site admins.
    func resolve(_ context: AtriumRequestContext) async throws -> OrganizationRecord {
        let actor = try context.requireActor()
        let reference = try context.parameters.require("organization")
        guard let organization = try await store.organization(pathParameter: reference) else {
            throw APIError.notFound("organization \(reference)")
        }
        if !actor.isSiteAdmin, try await !store.isMember(userID: actor.user.id, organizationID: organization.id) {
            throw APIError.notFound("organization \(reference)")
        }
        return organization
    }
}

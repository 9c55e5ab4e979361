import AtriumCore
import Hummingbird

/// Groups: listing, creation and membership (site admins write).
struct GroupsRoutes {
    let store: Store
    let organizations: OrganizationsRoutes

    func register(on api: RouterGroup<AtriumRequestContext>) {
        registerReads(on: api)
        registerWrites(on: api)
    }

    /// Listings and single groups, with their members.
    private func registerReads(on api: RouterGroup<AtriumRequestContext>) {
        api.get("groups") { request, context in
            let actor = try context.requireActor()
            let query = request.uri.queryParameters
            var organizationID: String?
            if let reference = query.get("organization"), !reference.isEmpty {
                guard let organization = try await store.organization(reference) else {
                    throw APIError.notFound("organization \(reference)")
                }
                organizationID = organization.id
            }
            var memberID: String?
            if let reference = query.get("has_member"), !reference.isEmpty {
                let user = reference == "me" ? actor.user : try await store.user(reference)
                guard let user else { return GroupListJSON(groups: []) }
                memberID = user.id
            }
            return GroupListJSON(
                groups: try await store.groups(organizationID: organizationID, memberID: memberID).filter(
                    actor.mayRead
                ).map(GroupJSON.init))
        }
        api.get("organizations/{organization}/groups") { _, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            return GroupListJSON(
                groups: try await store.groups(organizationID: organization.id, memberID: nil).filter(actor.mayRead)
                    .map(GroupJSON.init))
        }
        api.get("organizations/{organization}/groups/{groupName}") { _, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            let name = try context.parameters.require("groupName")
            guard let group = try await store.group(name, organizationID: organization.id), actor.mayRead(group) else {
                throw APIError.notFound("group \(name)")
            }
            return GroupJSON(group)
        }
    }

    /// Creation, patches and deletion (site admins).
    private func registerWrites(on api: RouterGroup<AtriumRequestContext>) {
        api.post("organizations/{organization}/groups") { request, context in
            let actor = try context.requireActor()
            let organization = try await organizations.resolve(context)
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may create groups.") }
            let body = try await request.decode(as: CreateGroupRequest.self, context: context)
            if let problem = NameRules.problem(with: body.name, maxLength: 64) {
                throw APIError.badRequest("Invalid group name.", field: "name", detail: "name \(problem)")
            }
            let group = try await store.createGroup(
                organizationID: organization.id, name: body.name, displayName: body.displayName ?? "")
            return EditedResponse(status: .created, response: GroupJSON(group))
        }
        api.get("groups/{group}") { _, context in
            let actor = try context.requireActor()
            let id = try context.parameters.require("group")
            guard Store.isUUID(id), let group = try await store.group(id), actor.mayRead(group) else {
                throw APIError.notFound("group \(id)")
            }
            return GroupJSON(group)
        }
        api.patch("groups/{group}") { request, context in
            let actor = try context.requireActor()
            let id = try context.parameters.require("group")
            guard Store.isUUID(id), try await store.group(id) != nil else { throw APIError.notFound("group \(id)") }
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may change groups.") }
            let body = try await request.decode(as: PatchGroupRequest.self, context: context)
            if let name = body.name, let problem = NameRules.problem(with: name, maxLength: 64) {
                throw APIError.badRequest("Invalid group name.", field: "name", detail: "name \(problem)")
            }
            try await checkMembers(body, of: id)
            let group = try await store.patchGroup(
                id: id, add: body.addUsers ?? [], remove: body.removeUsers ?? [], name: body.name,
                displayName: body.displayName)
            return GroupJSON(group)
        }
        api.delete("groups/{group}") { _, context in
            let actor = try context.requireActor()
            let id = try context.parameters.require("group")
            guard Store.isUUID(id), let group = try await store.group(id) else {
                throw APIError.notFound("group \(id)")
            }
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may delete groups.") }
            if group.name == Self.everyone {
                throw APIError.badRequest("\"\(Self.everyone)\" is a reserved group and cannot be deleted!")
            }
            try await store.deleteGroup(id: group.id)
            return MessageJSON(message: "Successfully deleted group!")
        }
    }

    /// Coder's organization-wide group (enterprise/coderd/groups.go: AllUsersGroup).
    static let everyone = "Everyone"

    /// The Everyone group keeps its name and display name, and its members are its
    /// organization's: patchGroup refuses to change them, in this order.
    static func checkEveryone(_ body: PatchGroupRequest, of group: GroupRecord) throws {
        guard group.name == everyone else { return }
        if let name = body.name, !name.isEmpty, name != group.name {
            throw APIError.badRequest("Cannot rename the \"\(everyone)\" group!")
        }
        if let displayName = body.displayName, !displayName.isEmpty {
            throw APIError.badRequest("Cannot update the Display Name for the \"\(everyone)\" group!")
        }
        if !(body.addUsers ?? []).isEmpty || !(body.removeUsers ?? []).isEmpty {
            throw APIError(.forbidden, "Cannot add or remove users from the \"\(everyone)\" group!")
        }
    }

    /// As enterprise/coderd/groups.go patchGroup checks a patch before writing: the reserved
    /// name, members named by UUID, each a member of the group's organization (412), none added
    /// twice (412).
    func checkMembers(_ body: PatchGroupRequest, of id: String) async throws {
        guard let group = try await store.group(id) else { throw APIError.notFound("group \(id)") }
        try Self.checkEveryone(body, of: group)
        if body.name == Self.everyone {
            throw APIError.badRequest("\"\(Self.everyone)\" is a reserved group name!")
        }
        for user in (body.addUsers ?? []) + (body.removeUsers ?? []) {
            guard Store.isUUID(user) else { throw APIError.badRequest("ID \"\(user)\" must be a valid user UUID.") }
            guard try await store.organizationIDs(userID: user.lowercased()).contains(group.organizationID) else {
                throw APIError(
                    .preconditionFailed, "User \"\(user)\" must be a member of organization \"\(group.id)\"")
            }
        }
        let members = Set(group.members.map(\.id))
        if (body.addUsers ?? []).contains(where: { members.contains($0.lowercased()) }) {
            throw APIError(.preconditionFailed, "Cannot add the same user to a group twice!")
        }
    }
}

/// The authenticated user making a request.
package struct Caller: Sendable {
    package var user: UserRecord
    package var isSiteAdmin: Bool { user.siteAdmin }

    package init(user: UserRecord) { self.user = user }

    /// Whether the caller may read `group` and its members: site admins read every group; anyone
    /// else the groups they are a member of (the group's RBAC object carries its members as
    /// readers; the organization's Everyone group holds every member), as Coder's do.
    package func mayRead(_ group: GroupRecord) -> Bool {
        isSiteAdmin || group.members.contains { $0.id == user.id }
    }
}

/// What an actor may do with a workspace, from least to most.
enum WorkspaceAccess: Int, Comparable {
    case none
    /// Link sharing (`admission: everyone`): anyone with the URL and an account may open it.
    case link
    case use
    case admin
    /// The owner, or a site admin.
    case owner

    static func < (lhs: WorkspaceAccess, rhs: WorkspaceAccess) -> Bool { lhs.rawValue < rhs.rawValue }

    init(actor: Caller, workspace: WorkspaceRecord) {
        self.init(
            actor: actor, ownerID: workspace.owner.id, admission: workspace.admission, users: workspace.users,
            groups: workspace.groups)
    }

    /// From a workspace's owner, link setting and grants (groups with their members).
    init(
        actor: Caller, ownerID: String, admission: String, users: [WorkspaceRecord.UserGrant],
        groups: [WorkspaceRecord.GroupGrant]
    ) {
        if actor.isSiteAdmin || ownerID == actor.user.id {
            self = .owner
            return
        }
        var best = WorkspaceAccess.none
        func consider(_ role: String) {
            let access: WorkspaceAccess = role == "admin" ? .admin : role == "use" ? .use : .none
            if access > best { best = access }
        }
        for grant in users where grant.user.id == actor.user.id { consider(grant.role) }
        for grant in groups where grant.group.members.contains(where: { $0.id == actor.user.id }) {
            consider(grant.role)
        }
        if best == .none && admission == "everyone" { best = .link }
        self = best
    }
}

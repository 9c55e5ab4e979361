/// One change the reconciler makes to the server: a case per action, each carrying exactly what
/// the action needs. Every command that reports, applies or counts changes switches over it, so
/// a new kind of change does not compile until each of them handles it.
public enum Change: Sendable, Hashable {
    /// A workspace git declares and the server lacks.
    case createWorkspace(WorkspaceID, template: String, parameters: [String: String])
    /// A user or group gains a role on a workspace's ACL.
    case grant(WorkspaceID, Subject, Role)
    /// A user or group keeps access to a workspace with another role.
    case changeRole(WorkspaceID, Subject, from: Role, to: Role)
    /// A user or group loses its role on a workspace's ACL.
    case revoke(WorkspaceID, Subject, was: Role)
    /// Link sharing opens or closes, through the server's own mechanism.
    case link(WorkspaceID, from: LinkLevel, to: LinkLevel, through: LinkMechanism)
    /// A snapshot git declares and the server has not taken.
    case snapshot(WorkspaceID, name: String)
    /// A governed workspace git no longer declares gives back every grant (and its link).
    case release(WorkspaceID, closesLink: Bool)
    /// The organization's sharing setting (Coder's `shareable_workspace_owners`).
    case orgSetting(organization: String, from: String, to: String)
    /// A declared group the server does not have.
    case createGroup(String, displayName: String?)
    /// A user joins a declared group.
    case addMember(group: String, user: String)
    /// A user leaves a declared group: not listed in git, or the membership lapsed.
    case removeMember(group: String, user: String)
    /// A declared group's display name differs from the server's (`from` is `nil` when unset).
    case setGroupDisplayName(String, from: String?, to: String)
    /// A group git does not declare, deleted under `prune.groups: true`.
    case deleteGroup(String)
    /// A user or group is given a role on a template (`previous`: the role it has now, if any).
    case templateGrant(template: String, Subject, Role, previous: Role?)
    /// A user or group loses its role on a template.
    case templateRevoke(template: String, Subject, was: Role)
    /// A port is shared, or shared at another level or protocol (`previous`: the share now).
    case sharePort(WorkspaceID, PortShare, previous: PortShare?)
    /// A port share git does not declare is deleted.
    case unsharePort(WorkspaceID, PortShare)
}

/// How a server shares a workspace by link.
public enum LinkMechanism: String, Sendable, Hashable, Codable {
    /// Atrium's `admission` extension (`PUT /workspaces/{id}/admission`).
    case admission
    /// On Coder, link sharing is the organization's Everyone group's `use` grant on the ACL.
    case everyoneGroup = "everyone-group"
}

/// What a change is made to: a workspace, a group, a template or the organization.
public enum ChangeTarget: Sendable, Hashable, Comparable, CustomStringConvertible {
    case workspace(WorkspaceID)
    case group(String)
    case template(String)
    case organization(String)

    /// `owner/name`, `group qa`, `template python-dev`, `organization default`: the `workspace`
    /// field of the plan's JSON.
    public var description: String {
        switch self {
        case .workspace(let id): id.description
        case .group(let name): "group \(name)"
        case .template(let name): "template \(name)"
        case .organization(let name): "organization \(name)"
        }
    }

    /// Reads a description back (for plans read from JSON).
    init?(_ text: String) {
        for (prefix, make) in [
            ("group ", ChangeTarget.group), ("template ", ChangeTarget.template),
            ("organization ", ChangeTarget.organization),
        ] where text.hasPrefix(prefix) {
            self = make(String(text.dropFirst(prefix.count)))
            return
        }
        guard let id = WorkspaceID(text) else { return nil }
        self = .workspace(id)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

extension Change {
    /// What the change is made to.
    public var target: ChangeTarget {
        switch self {
        case .createWorkspace(let id, _, _), .grant(let id, _, _), .changeRole(let id, _, _, _), .revoke(let id, _, _),
            .link(let id, _, _, _), .snapshot(let id, _), .release(let id, _), .sharePort(let id, _, _),
            .unsharePort(let id, _):
            .workspace(id)
        case .orgSetting(let organization, _, _): .organization(organization)
        case .createGroup(let name, _), .addMember(let name, _), .removeMember(let name, _),
            .setGroupDisplayName(let name, _, _), .deleteGroup(let name):
            .group(name)
        case .templateGrant(let template, _, _, _), .templateRevoke(let template, _, _): .template(template)
        }
    }

    /// The workspace the change is made to, if it is one.
    public var workspace: WorkspaceID? {
        if case .workspace(let id) = target { return id }
        return nil
    }

    /// The surface of the server the change is made on.
    public var surface: Surface {
        switch self {
        case .createWorkspace: .workspaces
        case .grant, .changeRole, .revoke, .release: .workspaceACL
        case .link: .link
        case .snapshot: .snapshots
        case .orgSetting: .orgSetting
        case .createGroup, .setGroupDisplayName, .deleteGroup: .groups
        case .addMember, .removeMember: .groupMembers
        case .templateGrant, .templateRevoke: .templateACL
        case .sharePort, .unsharePort: .ports
        }
    }

    /// The kind, for summaries and the plan's JSON.
    public var kind: PlanAction.Kind {
        switch self {
        case .createWorkspace: .createWorkspace
        case .grant: .share
        case .changeRole: .changeRole
        case .revoke: .unshare
        case .link: .setLink
        case .snapshot: .snapshot
        case .release: .release
        case .orgSetting: .orgSetting
        case .createGroup: .createGroup
        case .addMember: .addMember
        case .removeMember: .removeMember
        case .setGroupDisplayName: .setGroupDisplayName
        case .deleteGroup: .deleteGroup
        case .templateGrant: .templateGrant
        case .templateRevoke: .templateRevoke
        case .sharePort: .sharePort
        case .unsharePort: .unsharePort
        }
    }

    /// How much access the change removes, against `live`: one for each grant, membership,
    /// template role, open link or port share it takes away or narrows; zero for what it adds.
    public func removals(live: LiveState) -> Int {
        guard isRemoval else { return 0 }
        switch self {
        case .release(let id, let closesLink): return (live.workspaces[id]?.grantCount ?? 0) + (closesLink ? 1 : 0)
        // The group, and every membership that goes with it.
        case .deleteGroup(let name): return 1 + (live.groupMembers[name]?.count ?? 0)
        default: return 1
        }
    }

    /// Whether the change takes access away (an apply counts it toward the removal limit).
    public var isRemoval: Bool {
        switch self {
        case .revoke, .removeMember, .templateRevoke, .unsharePort, .release, .deleteGroup: true
        case .changeRole(_, _, let from, let to): to < from
        case .link(_, let from, let to, _): from == .everyone && to != .everyone
        case .templateGrant(_, _, let role, let previous): previous.map { role < $0 } ?? false
        case .sharePort(_, let share, let previous): previous.map { share.level < $0.level } ?? false
        case .createWorkspace, .grant, .snapshot, .orgSetting, .createGroup, .addMember, .setGroupDisplayName: false
        }
    }
}

extension Change {
    /// Who gains, keeps or loses access by the change, when it is about one user or group.
    public var subject: Subject? {
        switch self {
        case .grant(_, let subject, _), .changeRole(_, let subject, _, _), .revoke(_, let subject, _),
            .templateGrant(_, let subject, _, _), .templateRevoke(_, let subject, _):
            subject
        case .addMember(_, let user), .removeMember(_, let user): .user(user)
        case .link(_, _, _, .everyoneGroup): .group(Group.everyone)
        case .createWorkspace, .link, .snapshot, .release, .orgSetting, .createGroup, .setGroupDisplayName,
            .deleteGroup, .sharePort, .unsharePort:
            nil
        }
    }
}

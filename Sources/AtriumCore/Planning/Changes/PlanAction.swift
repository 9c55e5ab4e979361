/// One change the reconciler will make, with what caused it: the declarations behind it and the
/// reason, and for a revoke of a grant git once declared, the commit that removed it.
public struct PlanAction: Sendable, Hashable {
    /// The kinds of change, as the plan's JSON and its summary name them.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case createWorkspace = "create-workspace"
        case share
        case changeRole = "change-role"
        case unshare
        case setLink = "set-link"
        case snapshot
        case release
        case orgSetting = "org-setting"
        case createGroup = "create-group"
        case addMember = "add-member"
        case removeMember = "remove-member"
        case deleteGroup = "delete-group"
        case setGroupDisplayName = "set-group-display-name"
        case templateGrant = "template-grant"
        case templateRevoke = "template-revoke"
        case sharePort = "share-port"
        case unsharePort = "unshare-port"

        /// `3 to create`, `1 link change`, ...: how the summary line counts this kind.
        public func counted(_ count: Int) -> String {
            let plural = count == 1 ? "" : "s"
            switch self {
            case .createWorkspace: return "\(count) to create"
            case .share: return "\(count) to share"
            case .changeRole: return "\(count) to change"
            case .unshare: return "\(count) to unshare"
            case .setLink: return "\(count) link change\(plural)"
            case .snapshot: return "\(count) snapshot\(plural) to take"
            case .release: return "\(count) to release"
            case .orgSetting: return "\(count) organization setting change\(plural)"
            case .createGroup: return "\(count) group\(plural) to create"
            case .addMember: return "\(count) member\(plural) to add"
            case .removeMember: return "\(count) member\(plural) to remove"
            case .deleteGroup: return "\(count) group\(plural) to delete"
            case .setGroupDisplayName: return "\(count) display name\(plural) to set"
            case .templateGrant: return "\(count) template grant\(plural)"
            case .templateRevoke: return "\(count) template revoke\(plural)"
            case .sharePort: return "\(count) port\(plural) to share"
            case .unsharePort: return "\(count) port\(plural) to unshare"
            }
        }

        /// Kinds the summary line always names, even at zero: the workspace changes.
        var alwaysCounted: Bool {
            switch self {
            case .createWorkspace, .share, .changeRole, .unshare, .setLink, .snapshot, .release: true
            case .orgSetting, .createGroup, .addMember, .removeMember, .deleteGroup, .setGroupDisplayName,
                .templateGrant, .templateRevoke, .sharePort, .unsharePort:
                false
            }
        }
    }

    public var change: Change
    public var sources: [Declaration]
    public var reason: String
    /// For a revoke of a grant git once declared: the commit that removed it.
    public var removedIn: CommitInfo?

    public init(_ change: Change, sources: [Declaration] = [], reason: String, removedIn: CommitInfo? = nil) {
        self.change = change
        self.sources = sources
        self.reason = reason
        self.removedIn = removedIn
    }

    public var kind: Kind { change.kind }
    public var target: ChangeTarget { change.target }
    public var surface: Surface { change.surface }
    /// The workspace the change is made to, if it is one.
    public var workspaceID: WorkspaceID? { change.workspace }
    /// `owner/name`, `group qa`, `template python-dev` or `organization default`.
    public var workspace: String { target.description }

    /// Whether the plan changes the organization's sharing setting (Coder deletes ACLs for it).
    public var changesOrgSetting: Bool {
        if case .orgSetting = change { return true }
        return false
    }
}

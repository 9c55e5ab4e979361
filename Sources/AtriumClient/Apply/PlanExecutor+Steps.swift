import AtriumCore

/// How one target's actions become requests: a create first, then one request for each kind
/// of batch (a workspace's ACL, a group's membership, a template's ACL), then each action that
/// has a request of its own.
extension PlanExecutor {
    /// Which request carries an action.
    enum Carrier {
        case create
        case workspaceACL
        case groupPatch
        case templateACL
        case alone
    }

    static func carrier(_ change: Change) -> Carrier {
        switch change {
        case .createWorkspace, .createGroup: .create
        case .grant, .changeRole, .revoke, .link(_, _, _, .everyoneGroup): .workspaceACL
        case .addMember, .removeMember, .setGroupDisplayName: .groupPatch
        case .templateGrant, .templateRevoke: .templateACL
        case .link(_, _, _, .admission), .snapshot, .release, .orgSetting, .deleteGroup, .sharePort, .unsharePort:
            .alone
        }
    }

    /// The steps of one unit, as positions in the plan, in the order they run.
    static func steps(of positions: [Int], in plan: [PlanAction]) -> [[Int]] {
        var create: [[Int]] = []
        var acl: [Int] = []
        var members: [Int] = []
        var template: [Int] = []
        var alone: [[Int]] = []
        for position in positions {
            switch carrier(plan[position].change) {
            case .create: create.append([position])
            case .workspaceACL: acl.append(position)
            case .groupPatch: members.append(position)
            case .templateACL: template.append(position)
            case .alone: alone.append([position])
            }
        }
        return create.prefix(1) + [acl, members, template].filter { !$0.isEmpty } + alone
    }
}

/// Units in the order their targets first appear.
struct OrderedUnits {
    private var order: [String] = []
    private var positions: [String: [Int]] = [:]

    mutating func add(_ target: String, _ position: Int) {
        if positions[target] == nil { order.append(target) }
        positions[target, default: []].append(position)
    }

    var units: [PlanExecutor.Unit] {
        order.map { PlanExecutor.Unit(workspace: $0, positions: positions[$0] ?? []) }
    }
}

extension Change {
    /// Whether applying it answers a URL to hand out (a snapshot, a link, a shared port).
    var answersURL: Bool {
        switch self {
        case .snapshot, .link, .sharePort: true
        case .createWorkspace, .grant, .changeRole, .revoke, .release, .orgSetting, .createGroup, .addMember,
            .removeMember, .setGroupDisplayName, .deleteGroup, .templateGrant, .templateRevoke, .unsharePort:
            false
        }
    }

    /// The entry a workspace-ACL change writes: the subject and its role, `""` to remove it.
    var workspaceACLEntry: (Subject, String)? {
        switch self {
        case .grant(_, let subject, let role), .changeRole(_, let subject, _, let role): (subject, role.rawValue)
        case .revoke(_, let subject, _): (subject, "")
        case .link(_, _, let to, .everyoneGroup): (.group(Group.everyone), to == .everyone ? Role.use.rawValue : "")
        default: nil
        }
    }

    /// The entry a template-ACL change writes.
    var templateACLEntry: (Subject, String)? {
        switch self {
        case .templateGrant(_, let subject, let role, _): (subject, role.rawValue)
        case .templateRevoke(_, let subject, _): (subject, "")
        default: nil
        }
    }
}

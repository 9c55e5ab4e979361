public import Foundation

/// One change the reconciler will make, with what caused it.
public struct PlanAction: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case createWorkspace = "create-workspace"
        case share
        case changeRole = "change-role"
        case unshare
        case setLink = "set-link"
        case snapshot
        case release
        /// The organization's sharing setting (Coder's `shareable_workspace_owners`).
        case orgSetting = "org-setting"
        /// A declared group the server does not have (`workspace` is `group NAME`).
        case createGroup = "create-group"
        /// A user joins a declared group (`subject` is the user).
        case addMember = "add-member"
        /// A user leaves a declared group: not listed in git, or the membership lapsed.
        case removeMember = "remove-member"
        /// A group git does not declare, deleted under `prune.groups: true`.
        case deleteGroup = "delete-group"
        /// A declared group's display name differs from the server's.
        case setGroupDisplayName = "set-group-display-name"
        /// A user or group is given `use` or `admin` on a template (or another role than now).
        case templateGrant = "template-grant"
        /// A user or group loses its role on a template.
        case templateRevoke = "template-revoke"
        /// A port is shared, or shared at another level or protocol than now (Coder's upsert).
        case sharePort = "share-port"
        /// A port share git does not declare is deleted.
        case unsharePort = "unshare-port"
    }

    public var kind: Kind
    /// `owner/name`.
    public var workspace: String
    /// Who, for share, change-role and unshare (`user:NAME` or `group:NAME` in JSON).
    public var subject: Subject?
    /// The new role (share, change-role).
    public var role: Role?
    /// The role before (change-role, unshare).
    public var previousRole: Role?
    /// The new link level (set-link).
    public var link: LinkLevel?
    public var previousLink: LinkLevel?
    /// The snapshot's name (snapshot).
    public var snapshot: String?
    /// The template and parameters (create-workspace).
    public var template: String?
    public var parameters: [String: String]?
    public var sources: [Declaration]
    public var reason: String
    /// For an unshare of a grant git once declared: the commit that removed it.
    public var removedIn: CommitInfo?
    /// The organization's setting (org-setting): to and from.
    public var value: String?
    public var previousValue: String?
    /// The port share (share-port: as it will be; unshare-port: as it is).
    public var port: PortShare?
    /// For share-port: the share as it is now, when the port is shared already.
    public var previousPort: PortShare?

    enum CodingKeys: String, CodingKey {
        case kind, workspace, subject, role, link, snapshot, template, parameters, sources, reason, port
        case previousPort = "previous_port"
        case previousRole = "previous_role"
        case previousLink = "previous_link"
        case removedIn = "removed_in"
        case value
        case previousValue = "previous_value"
    }

    public init(
        kind: Kind, workspace: WorkspaceID, subject: Subject? = nil, role: Role? = nil, previousRole: Role? = nil,
        link: LinkLevel? = nil, previousLink: LinkLevel? = nil, snapshot: String? = nil, template: String? = nil,
        parameters: [String: String]? = nil, sources: [Declaration] = [], reason: String
    ) {
        self.init(
            kind: kind, target: workspace.description, subject: subject, role: role, previousRole: previousRole,
            link: link,
            previousLink: previousLink, snapshot: snapshot, template: template, parameters: parameters,
            sources: sources, reason: reason)
    }

    /// An action on something other than a workspace (the organization, for org-setting).
    init(
        kind: Kind, target: String, subject: Subject? = nil, role: Role? = nil, previousRole: Role? = nil,
        link: LinkLevel? = nil, previousLink: LinkLevel? = nil, snapshot: String? = nil, template: String? = nil,
        parameters: [String: String]? = nil, sources: [Declaration] = [], reason: String
    ) {
        self.kind = kind
        self.workspace = target
        self.subject = subject
        self.role = role
        self.previousRole = previousRole
        self.link = link
        self.previousLink = previousLink
        self.snapshot = snapshot
        self.template = template
        self.parameters = parameters
        self.sources = sources
        self.reason = reason
    }

    public var workspaceID: WorkspaceID? { WorkspaceID(workspace) }

    /// A share or unshare that opens or closes link sharing: on Coder, the Everyone group's `use`.
    public var isLinkGrant: Bool { (kind == .share || kind == .unshare) && link != nil }

    /// The kind a summary counts this action as: link sharing, however the server has it.
    var summaryKind: Kind { isLinkGrant ? .setLink : kind }

    /// The target of a group's actions: `group qa`.
    public static func groupTarget(_ name: String) -> String { "group \(name)" }

    /// The group a group action is about.
    public var groupName: String? {
        guard [.createGroup, .addMember, .removeMember, .deleteGroup, .setGroupDisplayName].contains(kind),
            workspace.hasPrefix("group ")
        else { return nil }
        return String(workspace.dropFirst("group ".count))
    }

    /// The target of a template's ACL actions: `template python-dev`.
    public static func templateTarget(_ name: String) -> String { "template \(name)" }

    /// The template a template-ACL action is about.
    public var templateName: String? {
        guard [.templateGrant, .templateRevoke].contains(kind), workspace.hasPrefix("template ") else { return nil }
        return String(workspace.dropFirst("template ".count))
    }

    /// A change to a template's ACL.
    public static func template(
        _ kind: Kind, template: String, subject: Subject, role: Role?, previousRole: Role?, sources: [Declaration],
        reason: String
    ) -> PlanAction {
        PlanAction(
            kind: kind, target: templateTarget(template), subject: subject, role: role, previousRole: previousRole,
            sources: sources, reason: reason)
    }

    /// A change to a declared group: its creation, or one member joining or leaving.
    public static func group(
        _ kind: Kind, group: String, user: String? = nil, displayName: String? = nil, sources: [Declaration],
        reason: String
    ) -> PlanAction {
        var action = PlanAction(
            kind: kind, target: groupTarget(group), subject: user.map(Subject.user), sources: sources, reason: reason)
        action.value = displayName
        return action
    }

    /// A change of the organization's sharing setting; `workspace` names the organization.
    public static func orgSetting(
        organization: String, to value: String, from previous: String, sources: [Declaration], reason: String
    ) -> PlanAction {
        var action = PlanAction(
            kind: .orgSetting, target: "organization \(organization)", sources: sources, reason: reason)
        action.value = value
        action.previousValue = previous
        return action
    }

    /// A port share created, changed or deleted.
    public static func port(
        _ kind: Kind, workspace: WorkspaceID, share: PortShare, previous: PortShare? = nil, sources: [Declaration],
        reason: String
    ) -> PlanAction {
        var action = PlanAction(kind: kind, workspace: workspace, sources: sources, reason: reason)
        action.port = share
        action.previousPort = previous
        return action
    }

    /// Whether the plan changes the organization's sharing setting (Coder deletes ACLs for it).
    public var changesOrgSetting: Bool { kind == .orgSetting }
}

/// A grant on the server that git does not declare, left in place because `prune.grants` is false.
public struct Drift: Sendable, Codable, Hashable {
    public var workspace: String
    public var subject: Subject
    public var role: Role
}

/// A workspace setting the server has otherwise than git declares: its template, or one of its
/// parameters. Atrium never rebuilds or recreates a workspace, so this is reported, not applied.
public struct SettingDrift: Sendable, Codable, Hashable {
    public var workspace: String
    /// `template`, or `parameter region`.
    public var setting: String
    public var declared: String
    /// `nil` when the server has no value for it.
    public var live: String?

    public init(workspace: String, setting: String, declared: String, live: String?) {
        self.workspace = workspace
        self.setting = setting
        self.declared = declared
        self.live = live
    }
}

/// A snapshot that exists, with its shareable URL.
public struct SnapshotLink: Sendable, Codable, Hashable {
    public var workspace: String
    public var name: String
    public var url: String
}

/// A port git declares shared, with where Coder serves it: `url` is `nil` when the deployment
/// has no wildcard host (Coder then cannot serve shared ports), or the agent is not known yet.
public struct PortLink: Sendable, Codable, Hashable {
    public var workspace: String
    public var port: Int
    public var agent: String
    public var level: PortShareLevel
    public var `protocol`: PortProtocol
    public var url: String?

    public init(workspace: WorkspaceID, share: PortShare, url: String?) {
        self.workspace = workspace.description
        self.port = share.port
        self.agent = share.agent
        self.level = share.level
        self.protocol = share.protocol
        self.url = url
    }
}

/// A workspace shared by link, with the URL anyone with an account opens it at.
public struct ShareLink: Sendable, Codable, Hashable {
    public var workspace: String
    public var url: String
}

/// The ordered changes from the live state to the desired state: creates first, then per
/// workspace its sharing changes, link and snapshots, then releases.
public struct Plan: Sendable, Codable {
    public static let formatVersion = 1

    public var formatVersion: Int
    /// The commit the desired state was read at.
    public var commit: String
    public var server: String
    public var organization: String
    /// The instant expiries were judged at.
    public var now: String
    /// A fingerprint of the live state the plan was made against (see `LiveState.fingerprint`).
    public var liveFingerprint: String
    public var actions: [PlanAction]
    public var drift: [Drift]
    public var snapshots: [SnapshotLink]
    /// Declared link-shared workspaces that stay shared, with their URLs.
    public var shareLinks: [ShareLink] = []
    /// Templates and parameters that differ from git (reported, never applied).
    public var settingDrift: [SettingDrift] = []
    /// The ports git declares shared, with their URLs.
    public var portLinks: [PortLink] = []
    /// Why `portLinks` have no URL, when they have none (no wildcard host on the deployment).
    public var portLinkNote: String?
    /// The access the plan removes, against the live grants and the limit (`nil` in plans saved
    /// before it was counted).
    public var removals: Removals?
    /// In a saved plan (`--out`): the SHA-256 of its actions (see `SavedPlan.digest`).
    public var digest: String?
    /// Planned from the working tree (`--worktree`): `commit` is only where HEAD was.
    public var worktree = false

    enum CodingKeys: String, CodingKey {
        case commit, server, organization, now, actions, drift, snapshots, summary, removals, digest
        case shareLinks = "share_links"
        case settingDrift = "setting_drift"
        case portLinks = "port_links"
        case portLinkNote = "port_link_note"
        case worktree
        case formatVersion = "format_version"
        case liveFingerprint = "live_fingerprint"
    }

    public init(
        commit: String, server: String, organization: String, now: Date, liveFingerprint: String, actions: [PlanAction],
        drift: [Drift], snapshots: [SnapshotLink]
    ) {
        formatVersion = Self.formatVersion
        self.commit = commit
        self.server = server
        self.organization = organization
        self.now = Timestamp.format(now)
        self.liveFingerprint = liveFingerprint
        self.actions = actions
        self.drift = drift
        self.snapshots = snapshots
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        commit = try container.decode(String.self, forKey: .commit)
        server = try container.decode(String.self, forKey: .server)
        organization = try container.decode(String.self, forKey: .organization)
        now = try container.decode(String.self, forKey: .now)
        liveFingerprint = try container.decode(String.self, forKey: .liveFingerprint)
        actions = try container.decode([PlanAction].self, forKey: .actions)
        drift = try container.decode([Drift].self, forKey: .drift)
        snapshots = try container.decode([SnapshotLink].self, forKey: .snapshots)
        removals = try container.decodeIfPresent(Removals.self, forKey: .removals)
        shareLinks = try container.decodeIfPresent([ShareLink].self, forKey: .shareLinks) ?? []
        settingDrift = try container.decodeIfPresent([SettingDrift].self, forKey: .settingDrift) ?? []
        portLinks = try container.decodeIfPresent([PortLink].self, forKey: .portLinks) ?? []
        portLinkNote = try container.decodeIfPresent(String.self, forKey: .portLinkNote)
        digest = try container.decodeIfPresent(String.self, forKey: .digest)
        worktree = try container.decodeIfPresent(Bool.self, forKey: .worktree) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(commit, forKey: .commit)
        try container.encode(server, forKey: .server)
        try container.encode(organization, forKey: .organization)
        try container.encode(now, forKey: .now)
        try container.encode(liveFingerprint, forKey: .liveFingerprint)
        try container.encode(actions, forKey: .actions)
        try container.encode(drift, forKey: .drift)
        try container.encode(snapshots, forKey: .snapshots)
        try container.encode(summary, forKey: .summary)
        try container.encodeIfPresent(removals, forKey: .removals)
        try container.encode(shareLinks, forKey: .shareLinks)
        if !settingDrift.isEmpty { try container.encode(settingDrift, forKey: .settingDrift) }
        if !portLinks.isEmpty { try container.encode(portLinks, forKey: .portLinks) }
        try container.encodeIfPresent(portLinkNote, forKey: .portLinkNote)
        try container.encodeIfPresent(digest, forKey: .digest)
        if worktree { try container.encode(worktree, forKey: .worktree) }
    }

    public var isEmpty: Bool { actions.isEmpty }

    /// Whether the server differs from git in anything: changes to apply, grants left in place,
    /// templates or parameters (what `--detailed-exitcode` answers 2 for).
    public var hasDifferences: Bool { !actions.isEmpty || !drift.isEmpty || !settingDrift.isEmpty }

    /// How many actions of each kind.
    public var summary: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: PlanAction.Kind.allCases.map { ($0.rawValue, 0) })
        for action in actions { counts[action.summaryKind.rawValue, default: 0] += 1 }
        return counts
    }

    /// The workspaces the plan touches, in order of first appearance.
    public var workspaces: [String] {
        var seen = Set<String>()
        return actions.compactMap { seen.insert($0.workspace).inserted ? $0.workspace : nil }
    }

    /// `3 to create, 5 to share, 1 link change, ...`.
    public var summaryLine: String {
        let counts = summary
        func count(_ kind: String) -> Int { counts[kind] ?? 0 }
        return [
            "\(count("create-workspace")) to create", "\(count("share")) to share", "\(count("change-role")) to change",
            "\(count("unshare")) to unshare", "\(count("set-link")) link change\(count("set-link") == 1 ? "" : "s")",
            "\(count("snapshot")) snapshot\(count("snapshot") == 1 ? "" : "s") to take",
            "\(count("release")) to release",
        ].joined(separator: ", ")
            + (count("share-port") + count("unshare-port") > 0
                ? ", \(count("share-port")) port\(count("share-port") == 1 ? "" : "s") to share, "
                    + "\(count("unshare-port")) to unshare"
                : "")
            + (count("org-setting") > 0
                ? ", \(count("org-setting")) organization setting change\(count("org-setting") == 1 ? "" : "s")" : "")
    }
}

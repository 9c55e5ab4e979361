public import Foundation

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
    /// What the plan did not compare with git, and why: a plan never calls the server in sync
    /// on a surface it did not read.
    public var notCompared: [NotCompared] = []
    /// What git declares for users who left (suspended, dormant, unknown to the server).
    public var inactiveUsers: [InactiveHolding] = []

    enum CodingKeys: String, CodingKey {
        case commit, server, organization, now, actions, drift, snapshots, summary, removals, digest
        case shareLinks = "share_links"
        case settingDrift = "setting_drift"
        case portLinks = "port_links"
        case portLinkNote = "port_link_note"
        case worktree
        case notCompared = "not_compared"
        case inactiveUsers = "inactive_users"
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
        notCompared = try container.decodeIfPresent([NotCompared].self, forKey: .notCompared) ?? []
        inactiveUsers = try container.decodeIfPresent([InactiveHolding].self, forKey: .inactiveUsers) ?? []
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
        try container.encode(notCompared, forKey: .notCompared)
        try container.encode(inactiveUsers, forKey: .inactiveUsers)
    }

    public var isEmpty: Bool { actions.isEmpty }

    /// Whether the server differs from git in anything: changes to apply, grants left in place,
    /// templates or parameters (what `--detailed-exitcode` answers 2 for).
    public var hasDifferences: Bool { !actions.isEmpty || !drift.isEmpty || !settingDrift.isEmpty }

    /// How many actions of each kind.
    public var summary: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: PlanAction.Kind.allCases.map { ($0.rawValue, 0) })
        for action in actions { counts[action.kind.rawValue, default: 0] += 1 }
        return counts
    }

    /// The workspaces, groups and templates the plan touches, in order of first appearance.
    public var workspaces: [String] {
        var seen = Set<String>()
        return actions.compactMap { seen.insert($0.workspace).inserted ? $0.workspace : nil }
    }

    /// `3 to create, 5 to share, 1 link change, ..., 2 members to add`: every kind of change
    /// the plan makes, the workspace ones always.
    public var summaryLine: String {
        let counts = summary
        return PlanAction.Kind.allCases.compactMap { kind in
            let count = counts[kind.rawValue] ?? 0
            return count > 0 || kind.alwaysCounted ? kind.counted(count) : nil
        }.joined(separator: ", ")
    }
}

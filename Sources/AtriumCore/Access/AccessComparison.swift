public import Foundation

/// Desired against live sharing for one workspace, subject by subject, each desired grant with
/// its sources (what `atrium show` prints).
public struct AccessComparison: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case inSync = "in-sync"
        case toShare = "to-share"
        case toChange = "to-change"
        case toUnshare = "to-unshare"
        /// On the server, not in git, kept because `prune.grants` is false.
        case drift
    }

    public struct Row: Sendable, Codable {
        public var subject: Subject
        public var desired: Role?
        public var live: Role?
        public var status: Status
        public var sources: [Declaration]
        /// For a live grant git no longer declares: the commit that removed it from git.
        public var removedIn: CommitInfo?

        enum CodingKeys: String, CodingKey {
            case subject, desired, live, status, sources
            case removedIn = "removed_in"
        }
    }

    public var workspace: String
    public var declared: Bool
    public var existsOnServer: Bool
    public var desiredLink: LinkLevel?
    public var liveLink: LinkLevel?
    /// Where anyone with an account opens it, while the server shares it by link.
    public var shareURL: String?
    public var rows: [Row]
    /// For a workspace git declares: the commit that set its link sharing.
    public var linkSource: Declaration?

    public init(workspace id: WorkspaceID, desired: DesiredState, live: LiveState, now: Date) {
        workspace = id.description
        let declaration = desired.workspaces.first { $0.id == id }
        declared = declaration != nil
        let existing = live.workspaces[id]
        existsOnServer = existing != nil
        desiredLink = declaration.map { $0.link ?? .owner }
        liveLink = existing?.link
        shareURL = existing?.link == .everyone ? existing?.shareURL : nil
        if let declaration, let link = declaration.link {
            linkSource = Declaration(
                declaration.linkLocation ?? declaration.location, key: .link(workspace: id, level: link))
        }
        let entries = EffectiveAccess(state: desired, now: now).entries(for: id)
        var liveRoles = existing?.roles ?? [:]
        var rows: [Row] = []
        for entry in entries {
            let current = liveRoles.removeValue(forKey: entry.subject)
            let status: Status = current == nil ? .toShare : current == entry.role ? .inSync : .toChange
            rows.append(
                Row(
                    subject: entry.subject, desired: entry.role, live: current, status: status,
                    sources: entry.sources.map { $0.declaration(workspace: id, subject: entry.subject) }))
        }
        for (subject, role) in liveRoles.sorted(by: { $0.key < $1.key }) {
            rows.append(
                Row(
                    subject: subject, desired: nil, live: role,
                    status: desired.config.pruneGrants ? .toUnshare : .drift, sources: []))
        }
        self.rows = rows
    }
}

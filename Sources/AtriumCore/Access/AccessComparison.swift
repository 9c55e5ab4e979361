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
        /// On the server, on something git does not govern (outside the scope, or not declared):
        /// what the server has, neither in sync nor drift.
        case notGoverned = "not-governed"
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
    /// Its shared ports, in git and on the server (when the server's were read).
    public var ports: [PortRow] = []

    /// One port, declared or shared on the server: its level in each, and where Coder serves it.
    public struct PortRow: Sendable, Codable {
        /// `8080`, or `8080 (agent main)`.
        public var port: String
        public var desired: String?
        public var live: String?
        public var url: String?
        public var source: Declaration?
        public var status: Status
    }

    public init(workspace id: WorkspaceID, desired: DesiredState, live: LiveState, now: Date) {
        workspace = id.description
        let declaration = desired.workspaces.first { $0.id == id }
        declared = declaration != nil
        let existing = live.workspaces[id]
        existsOnServer = existing != nil
        let entries = EffectiveAccess(state: desired, now: now).entries(for: id)
        // On Coder, link sharing is the Everyone group's `use`: shown as the link, unless git
        // declares that grant itself.
        let everyone = Subject.group(Group.everyone)
        let linkGroup = live.linkIsEveryoneGroup && !entries.contains { $0.subject == everyone }
        let shown = linkGroup ? existing.map(live.presented) : existing
        desiredLink = declaration.map { $0.link ?? .owner }
        liveLink = shown?.link
        shareURL = existing?.link == .everyone ? existing?.shareURL : nil
        if let declaration, let link = declaration.link {
            linkSource = Declaration(
                declaration.linkLocation ?? declaration.location, key: .link(workspace: id, level: link))
        }
        let governed = desired.config.scope.governs(
            owner: id.owner, name: id.name, template: existing?.template ?? declaration?.template ?? "",
            declared: declared ? [id] : [])
        var liveRoles = shown?.roles ?? [:]
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
                    status: !governed ? .notGoverned : desired.config.pruneGrants ? .toUnshare : .drift,
                    sources: []))
        }
        self.rows = rows
        ports = Self.portRows(
            declaration, existing: existing, live: live,
            undeclared: !governed ? .notGoverned : desired.config.prunesPorts ? .toUnshare : .drift)
    }

    /// The declared ports against the live ones (`live` only when they were read).
    static func portRows(
        _ declaration: Workspace?, existing: LiveState.Workspace?, live: LiveState, undeclared: Status
    ) -> [PortRow] {
        var remaining = existing?.ports ?? []
        var rows: [PortRow] = []
        func url(_ share: PortShare) -> String? { existing.flatMap { live.url(of: share, on: $0.workspaceID) } }
        for port in declaration?.ports ?? [] {
            let index = remaining.firstIndex { $0.port == port.port && (port.agent == nil || port.agent == $0.agent) }
            let current = index.map { remaining.remove(at: $0) }
            let wanted = AccessReview.portRole(port.level, port.protocol)
            let now = current.map { AccessReview.portRole($0.level, $0.protocol) }
            rows.append(
                PortRow(
                    port: AccessDiff.portName(port), desired: wanted, live: now, url: current.flatMap(url),
                    source: Declaration(port.location),
                    status: now == nil ? .toShare : now == wanted ? .inSync : .toChange))
        }
        for share in remaining {
            rows.append(
                PortRow(
                    port: "\(share.port) (agent \(share.agent))", desired: nil,
                    live: AccessReview.portRole(share.level, share.protocol), url: url(share), source: nil,
                    status: undeclared))
        }
        return rows
    }
}

public import Foundation

/// The access review: who can reach which workspace at one revision, from git alone, each
/// grant with its source (and, once annotated, the commit that introduced it). Compared with the
/// live server, it marks drift both ways.
public struct AccessReview: Sendable, Codable {
    /// How a row compares with the live server (`--live`).
    public enum Status: String, Sendable, Codable {
        case inSync = "in-sync"
        /// Git declares it; the server does not have it.
        case missingOnServer = "missing-on-server"
        /// Both have it, with different roles.
        case roleDiffers = "role-differs"
        /// The server has it; git does not declare it.
        case notDeclared = "not-declared"
    }

    public struct Row: Sendable, Codable, Hashable {
        public var workspace: String
        /// `user:NAME`, `group:NAME`, `link:everyone` (anyone with the URL and an account), or
        /// `port:8080` (who reaches a shared port: its level is the role).
        public var subject: String
        /// `owner`, `admin` or `use`; `nil` for a grant only the server has.
        public var role: String?
        /// The earliest expiry among the declarations that give the role.
        public var expires: String?
        public var sources: [Declaration]
        /// With `--live`.
        public var status: Status?
        public var liveRole: String?
        /// For a live grant git no longer declares: the commit that removed it.
        public var removedIn: CommitInfo?
        /// For `link:everyone` with `--live`: the URL anyone with an account opens it at.
        public var shareURL: String?
        /// In a review of one user, for a grant to a group: the membership (declared in git) by
        /// which the grant reaches them.
        public var via: Declaration?
        /// The SharingRules that bind the grant, by name (`nil` when none does).
        public var rules: [String]?

        enum CodingKeys: String, CodingKey {
            case workspace, subject, role, expires, sources, status, via, rules
            case liveRole = "live_role"
            case removedIn = "removed_in"
            case shareURL = "share_url"
        }
    }

    /// What to include.
    public enum Filter: Sendable, Hashable {
        case all
        /// The user's own grants, workspaces they own, workspaces shared by link, and grants to
        /// the groups they are a member of (known from the server only).
        case user(String, groups: [String] = [])
        case group(String)
        case workspace(WorkspaceID)

        func includes(_ row: Row) -> Bool {
            switch self {
            case .all: return true
            case .user(let name, let groups):
                return row.subject == "user:\(name)" || row.subject == "link:everyone" || row.subject.hasPrefix("port:")
                    || groups.contains { row.subject == "group:\($0)" }
            case .group(let name): return row.subject == "group:\(name)" || row.workspace == "group \(name)"
            case .workspace(let id): return row.workspace == id.description
            }
        }
    }

    /// The revision reviewed.
    public var revision: AccessDiff.Revision
    /// The instant access was judged at (the date asked for, or now).
    public var at: String
    public var rows: [Row]
    /// The server compared with (`--live`).
    public var server: String?
    /// With `--live`: what was not compared with the server, and why.
    public var notCompared: [NotCompared] = []
    /// With `--live`: what git declares for users who left (suspended, dormant, not on the server).
    public var inactiveUsers: [InactiveHolding] = []

    enum CodingKeys: String, CodingKey {
        case revision, at, rows, server
        case notCompared = "not_compared"
        case inactiveUsers = "inactive_users"
    }

    public init(state: DesiredState, revision: AccessDiff.Revision, at: Date, filter: Filter = .all) {
        self.revision = revision
        self.at = Timestamp.format(at)
        let access = EffectiveAccess(state: state, now: at)
        let book = RuleBook(state: state, now: at)
        func binding(_ subject: Subject, _ workspace: Workspace) -> [String]? {
            let names = book.binding(subject, on: workspace).map(\.name)
            return names.isEmpty ? nil : names
        }
        let sharing = state.config.policy.sharing.allowsGrants
        var rows: [Row] = []
        for workspace in state.workspaces.sorted(by: { $0.id < $1.id }) {
            let id = workspace.id.description
            rows.append(
                Row(
                    workspace: id, subject: "user:\(workspace.owner)", role: "owner",
                    sources: [.init(workspace.nameLocation)]))
            if sharing {
                for entry in access.entries(for: workspace.id) {
                    let expiries = entry.sources.filter { $0.role == entry.role }.map(\.expires)
                    let expires = expiries.contains(where: { $0 == nil }) ? nil : expiries.compactMap { $0 }.max()
                    rows.append(
                        Row(
                            workspace: id, subject: entry.subject.description, role: entry.role.rawValue,
                            expires: expires.map(Timestamp.format),
                            sources: entry.sources.map {
                                $0.declaration(workspace: workspace.id, subject: entry.subject)
                            }, rules: binding(entry.subject, workspace)))
                }
            }
            if sharing, state.config.policy.link == .allowed, workspace.link == .everyone {
                rows.append(
                    Row(
                        workspace: id, subject: "link:everyone", role: Role.use.rawValue,
                        sources: [
                            .init(
                                workspace.linkLocation ?? workspace.location,
                                key: .link(workspace: workspace.id, level: .everyone))
                        ], rules: binding(.group(Group.everyone), workspace)))
            }
        }
        rows += Self.membershipRows(state, at: at)
        rows += Self.templateRows(state, at: at)
        rows += Self.portRows(state)
        self.rows = rows.filter(filter.includes)
    }

    /// Each declared shared port, as a row `port:8080` whose role is its level (`https` added
    /// for that protocol).
    static func portRows(_ state: DesiredState) -> [Row] {
        state.workspaces.sorted { $0.id < $1.id }.flatMap { workspace in
            (workspace.ports ?? []).map { port in
                Row(
                    workspace: workspace.id.description, subject: "port:\(AccessDiff.portName(port))",
                    role: portRole(port.level, port.protocol),
                    sources: [
                        Declaration(
                            port.location, key: .port(workspace: workspace.id, port: port.port, level: port.level))
                    ])
            }
        }
    }

    /// `public`, or `public https`.
    static func portRole(_ level: PortShareLevel, _ proto: PortProtocol) -> String {
        proto == .https ? "\(level.rawValue) https" : level.rawValue
    }

    /// Each declared group's current members, as rows `group NAME`, `user:NAME`, role `member`.
    static func membershipRows(_ state: DesiredState, at now: Date) -> [Row] {
        state.groups.sorted { $0.name < $1.name }.flatMap { group in
            group.currentMembers(at: now).map { member in
                Row(
                    workspace: "group \(group.name)", subject: "user:\(member.user)", role: "member",
                    expires: member.expires.map(Timestamp.format),
                    sources: [Declaration(member.location, key: .member(group: group.name, user: member.user))])
            }
        }
    }

    /// Each declared template ACL entry not expired, as rows `template NAME`, `user:` or
    /// `group:NAME`, role `use` or `admin`: who may create workspaces from the template.
    static func templateRows(_ state: DesiredState, at now: Date) -> [Row] {
        state.templateAccess.sorted { $0.template < $1.template }.flatMap { access in
            access.roles(at: now).sorted { $0.key < $1.key }.map { subject, grant in
                Row(
                    workspace: "template \(access.template)", subject: subject.description, role: grant.role.rawValue,
                    sources: [
                        Declaration(
                            grant.location,
                            key: .templateGrant(template: access.template, subject: subject, role: grant.role))
                    ])
            }
        }
    }

    /// For a review of one user: marks the rows granted to a group they are a declared member
    /// of with the membership, so that the review says through which group, declared where.
    public mutating func attribute(memberships: [(group: String, location: SourceLocation)], of user: String) {
        for index in rows.indices {
            guard let membership = memberships.first(where: { "group:\($0.group)" == rows[index].subject }) else {
                continue
            }
            rows[index].via = Declaration(membership.location, key: .member(group: membership.group, user: user))
        }
    }

    /// Where the Everyone group's `use` is link sharing, it is listed under both names: once git
    /// matched either, the other goes; when git declares neither, it is reported once, as the link.
    static func settleLinkGroups(_ workspaces: [String], in liveRows: inout [String: [String: String]]) {
        let group = Subject.group(Group.everyone).description
        for workspace in workspaces {
            let both = liveRows[workspace]?[group] != nil && liveRows[workspace]?["link:everyone"] != nil
            liveRows[workspace]?.removeValue(forKey: group)
            if !both { liveRows[workspace]?.removeValue(forKey: "link:everyone") }
        }
    }

    /// The live rows of what git declares beside workspaces: declared groups' members (a member
    /// added by hand is drift too) and declared templates' ACLs (the declared set is the whole ACL).
    static func identityRows(_ live: LiveState, state: DesiredState) -> [String: [String: String]] {
        var rows: [String: [String: String]] = [:]
        for group in state.groups where group.members != nil {
            rows["group \(group.name)"] = Dictionary(
                (live.groupMembers[group.name] ?? []).map { ("user:\($0)", "member") },
                uniquingKeysWith: { first, _ in first })
        }
        for access in state.templateAccess {
            rows["template \(access.template)"] = Dictionary(
                (live.templateACLs[access.template] ?? [:]).map { ($0.key.description, $0.value.rawValue) },
                uniquingKeysWith: { first, _ in first })
        }
        return rows
    }

    /// Marks each row against the live server and adds the grants only the server has, for the
    /// workspaces the review covers and the live workspaces the Config governs.
    public mutating func compare(with live: LiveState, state: DesiredState, filter: Filter = .all) {
        server = live.serverURL
        var liveRows = Self.identityRows(live, state: state)
        let declared = Set(state.workspaces.map(\.id))
        notCompared = Coverage(desired: state, live: live).notCompared
        inactiveUsers = Timestamp.parse(at).map { InactiveHolding.find(desired: state, live: live, now: $0) } ?? []
        var linkGroups: [String] = []
        for (id, workspace) in live.workspaces where state.config.scope.governs(workspace, declared: declared) {
            var roles: [String: String] = ["user:\(workspace.owner)": "owner"]
            for (subject, role) in workspace.roles { roles[subject.description] = role.rawValue }
            if workspace.link == .everyone { roles["link:everyone"] = Role.use.rawValue }
            // On Coder, link sharing is the Everyone group's `use`: either name matches it.
            if live.linkIsEveryoneGroup, workspace.groups[Group.everyone] == .use {
                roles["link:everyone"] = Role.use.rawValue
                linkGroups.append(id.description)
            }
            for share in workspace.ports ?? [] {
                // Named by port alone, as git names it, unless the workspace has several agents.
                let name = (workspace.agents?.count ?? 0) > 1 ? "\(share.port) (agent \(share.agent))" : "\(share.port)"
                roles["port:\(name)"] = Self.portRole(share.level, share.protocol)
            }
            liveRows[id.description] = roles
        }
        for index in rows.indices {
            var current = liveRows[rows[index].workspace]?.removeValue(forKey: rows[index].subject)
            if current == nil, rows[index].subject.hasPrefix("port:"), let cut = rows[index].subject.firstIndex(of: " ")
            {
                // `port:8080 (agent main)` in git, on a workspace with one agent.
                current = liveRows[rows[index].workspace]?.removeValue(forKey: String(rows[index].subject[..<cut]))
            }
            rows[index].liveRole = current
            rows[index].status =
                current == nil ? .missingOnServer : current == rows[index].role ? .inSync : .roleDiffers
        }
        Self.settleLinkGroups(linkGroups, in: &liveRows)
        var extra: [Row] = []
        for (workspace, roles) in liveRows {
            for (subject, role) in roles {
                let row = Row(
                    workspace: workspace, subject: subject, role: nil, sources: [], status: .notDeclared, liveRole: role
                )
                if filter.includes(row) { extra.append(row) }
            }
        }
        rows += extra
        let shareURLs = Dictionary(
            live.workspaces.values.compactMap { w in w.shareURL.map { (w.workspaceID.description, $0) } },
            uniquingKeysWith: { first, _ in first })
        for index in rows.indices where rows[index].subject == "link:everyone" && rows[index].liveRole != nil {
            rows[index].shareURL = shareURLs[rows[index].workspace]
        }
        for index in rows.indices where rows[index].subject.hasPrefix("port:") && rows[index].liveRole != nil {
            rows[index].shareURL = Self.portURL(of: rows[index], in: live)
        }
        rows.sort { ($0.workspace, $0.subject) < ($1.workspace, $1.subject) }
    }

    /// Where Coder serves a shared port the server has, when it has a wildcard host.
    static func portURL(of row: Row, in live: LiveState) -> String? {
        guard let id = WorkspaceID(row.workspace), let workspace = live.workspaces[id] else { return nil }
        let name = row.subject.dropFirst("port:".count)
        let number = Int(name.prefix { $0.isNumber })
        guard let share = workspace.ports?.first(where: { $0.port == number }) else { return nil }
        return live.url(of: share, on: id)
    }

    /// Rows that differ from the server.
    public var drift: [Row] { rows.filter { $0.status != nil && $0.status != .inSync } }
}

/// What the live server holds, as far as planning needs it. Read by `AtriumClient`; planning is
/// a pure function of this, the desired state and the clock.
public struct LiveState: Sendable, Codable {
    public struct Capabilities: Sendable, Codable, Hashable {
        /// `PUT /workspaces/{id}/admission` (link sharing).
        public var admission: Bool
        /// `POST /workspaces/{id}/snapshots`.
        public var snapshots: Bool
        /// Atrium's reference server, or another Coder-shaped server.
        public var serverName: String

        public init(admission: Bool, snapshots: Bool, serverName: String) {
            self.admission = admission
            self.snapshots = snapshots
            self.serverName = serverName
        }
    }

    public struct Workspace: Sendable, Codable, Hashable {
        public var id: String
        public var owner: String
        public var name: String
        public var template: String
        /// Username → role.
        public var users: [String: Role]
        /// Group name → role.
        public var groups: [String: Role]
        /// `nil` when the server has no link sharing.
        public var link: LinkLevel?
        /// Snapshot name → URL; `nil` when not read (the workspace declares none).
        public var snapshots: [String: String]?
        /// Where anyone with an account opens it, when it is shared by link.
        public var shareURL: String?
        /// Its latest build's parameters; read for `export` and `--check-parameters` only (one request each).
        public var parameters: [String: String]?
        /// Its shared ports, in port order; `nil` when not read (git does not govern them).
        public var ports: [PortShare]?
        /// Its latest build's agents by name; `nil` when the server did not say.
        public var agents: [String]?

        public init(
            id: String, owner: String, name: String, template: String, users: [String: Role] = [:],
            groups: [String: Role] = [:], link: LinkLevel? = nil, snapshots: [String: String]? = nil
        ) {
            self.id = id
            self.owner = owner
            self.name = name
            self.template = template
            self.users = users
            self.groups = groups
            self.link = link
            self.snapshots = snapshots
        }

        public var workspaceID: WorkspaceID { WorkspaceID(owner: owner, name: name) }

        /// The role `subject` has on the workspace, if any (without building `roles`).
        public func role(of subject: Subject) -> Role? {
            switch subject {
            case .user(let name): return users[name]
            case .group(let name): return groups[name]
            }
        }

        /// The workspace with the Everyone group's `use` as its link sharing (and not among its
        /// groups), for a server where that is how it shares by link (`linkIsEveryoneGroup`).
        public func everyoneGroupAsLink() -> Workspace {
            var presented = self
            let shared = presented.groups[Group.everyone] == .use
            if shared { presented.groups.removeValue(forKey: Group.everyone) }
            presented.link = shared ? .everyone : .owner
            return presented
        }

        /// How many grants the workspace has.
        public var grantCount: Int { users.count + groups.count }

        /// Every grant on the workspace, by subject.
        public var roles: [Subject: Role] {
            var roles: [Subject: Role] = [:]
            for (name, role) in users { roles[.user(name)] = role }
            for (name, role) in groups { roles[.group(name)] = role }
            return roles
        }
    }

    public var serverURL: String
    public var organization: String
    public var organizationID: String
    /// `false` when the organization's policy disables sharing.
    public var sharingEnabled: Bool
    /// The organization's `shareable_workspace_owners`, when the server has the setting.
    public var sharingSetting: String?
    public var capabilities: Capabilities
    /// Username → UUID.
    public var users: [String: String]
    /// Username → status, for the users who are not active (`dormant`, `suspended`).
    public var userStatus: [String: String] = [:]
    /// Group name → UUID.
    public var groups: [String: String]
    /// For the groups git declares: their members' usernames, as the server has them.
    public var groupMembers: [String: Set<String>] = [:]
    /// For the groups git declares: their `source` (`oidc`: managed by the identity provider).
    public var groupSources: [String: String] = [:]
    /// For the groups git declares: their display names.
    public var groupDisplayNames: [String: String] = [:]
    /// For the templates git declares access to: their ACL (the Everyone group as `group:Everyone`).
    public var templateACLs: [String: [Subject: Role]] = [:]
    /// Template name → (UUID, parameter names when the server says).
    public var templates: [String: Template]
    /// The deployment's wildcard host for workspace apps and shared ports (`*.apps.example.com`;
    /// empty when it has none); `nil` when not read.
    public var wildcardHost: String?
    /// The live workspaces Atrium may govern, by `owner/name`.
    public var workspaces: [WorkspaceID: Workspace]

    public struct Template: Sendable, Codable, Hashable {
        public var id: String
        public var parameters: [String]?
        /// The widest level its workspaces' ports may be shared at (`max_port_share_level`).
        public var maxPortShareLevel: PortShareLevel?

        public init(id: String, parameters: [String]?) {
            self.id = id
            self.parameters = parameters
        }
    }

    public init(
        serverURL: String, organization: String, organizationID: String, sharingEnabled: Bool,
        sharingSetting: String? = nil,
        capabilities: Capabilities, users: [String: String], groups: [String: String], templates: [String: Template],
        workspaces: [WorkspaceID: Workspace]
    ) {
        self.serverURL = serverURL
        self.organization = organization
        self.organizationID = organizationID
        self.sharingEnabled = sharingEnabled
        self.sharingSetting = sharingSetting
        self.capabilities = capabilities
        self.users = users
        self.groups = groups
        self.templates = templates
        self.workspaces = workspaces
    }

    /// Whether link sharing is the organization's Everyone group's `use` grant, as on Coder: the
    /// server has no admission extension but lists the Everyone group (its id the organization's),
    /// which a workspace ACL accepts (coderd/rbac/acl/updatevalidator.go).
    public var linkIsEveryoneGroup: Bool { !capabilities.admission && groups[Group.everyone] != nil }

    /// `workspace` as people read it: where link sharing is the Everyone group's `use`
    /// (`linkIsEveryoneGroup`), that grant is its link sharing, not one of its group grants.
    public func presented(_ workspace: Workspace) -> Workspace {
        linkIsEveryoneGroup ? workspace.everyoneGroupAsLink() : workspace
    }

    /// Where Coder serves a shared port of `workspace`, under the deployment's wildcard host with
    /// the server's scheme; `nil` without a wildcard host (or before the agent is known).
    public func url(of share: PortShare, on workspace: WorkspaceID) -> String? {
        guard let wildcardHost else { return nil }
        return share.url(
            workspace: workspace, wildcardHost: wildcardHost, scheme: serverURL.hasPrefix("https:") ? "https" : "http")
    }

    /// A fingerprint of everything a plan depends on: if it changes, a saved plan is stale.
    public func fingerprint(of ids: some Sequence<WorkspaceID>) -> String {
        var lines: [String] = ["sharing=\(sharingEnabled)"] + (sharingSetting.map { ["sharing-setting=\($0)"] } ?? [])
        for (template, acl) in templateACLs.sorted(by: { $0.key < $1.key }) {
            let entries = acl.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }
            lines.append("template \(template)=" + entries.joined(separator: ","))
        }
        for (group, members) in groupMembers.sorted(by: { $0.key < $1.key }) {
            lines.append("group \(group)=\(groups[group] ?? "absent");" + members.sorted().joined(separator: ","))
        }
        for id in Set(ids).sorted() {
            guard let workspace = workspaces[id] else {
                lines.append("\(id)=absent")
                continue
            }
            let users = workspace.users.sorted { $0.key < $1.key }.map { "u:\($0.key)=\($0.value.rawValue)" }
            let groups = workspace.groups.sorted { $0.key < $1.key }.map { "g:\($0.key)=\($0.value.rawValue)" }
            let snapshots = (workspace.snapshots ?? [:]).keys.sorted().map { "s:\($0)" }
            let ports = (workspace.ports ?? []).map {
                "p:\($0.agent):\($0.port)=\($0.level.rawValue)/\($0.protocol.rawValue)"
            }
            lines.append(
                "\(id)=\(workspace.id);\(workspace.link?.rawValue ?? "-");"
                    + (users + groups + snapshots + ports).joined(separator: ","))
        }
        return Hex.sha256(lines.joined(separator: "\n"))
    }
}

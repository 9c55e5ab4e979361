/// The `Config` document (`atrium.yaml`): server defaults, scope and policy. Optional; every
/// field has a default.
public struct Config: Sendable {
    public struct Server: Sendable, Hashable {
        public var url: String?
        public var organization: String
        /// The environment variable that holds the session token. Tokens never live in git.
        public var tokenEnv: String

        public init(url: String? = nil, organization: String = "default", tokenEnv: String = "ATRIUM_TOKEN") {
            self.url = url
            self.organization = organization
            self.tokenEnv = tokenEnv
        }
    }

    /// Which live workspaces Atrium governs (may change sharing of).
    public enum Scope: Sendable, Hashable {
        /// Only the workspaces declared in git.
        case declared
        /// Every workspace of the organization.
        case all
        /// Workspaces of these owners or created from these templates (either list may be empty).
        case filter(owners: [String], templates: [String])
    }

    public struct Policy: Sendable, Hashable {
        /// Coder's `shareable_workspace_owners`: who may share their workspaces.
        public enum Sharing: String, Sendable, Hashable, CaseIterable {
            case everyone, none
            case serviceAccounts = "service_accounts"

            /// Whether people's workspaces may be shared (only service accounts' may, otherwise).
            public var allowsGrants: Bool { self == .everyone }
        }

        public enum Link: String, Sendable, Hashable, CaseIterable {
            case allowed, forbidden
        }

        /// What reconcile does with grants, memberships and template-ACL entries held by users
        /// who left: suspended, dormant, or no longer on the server. Always reported.
        public enum InactiveUsers: String, Sendable, Hashable, CaseIterable {
            /// Left as git declares them (the default).
            case keep
            /// Removed, as if git did not declare them.
            case revoke
        }

        public var sharing: Sharing
        public var maxRole: Role
        public var link: Link
        public var requireExpiry: Bool
        /// The widest level git may share a port at (`policy.maxPortShareLevel`; default
        /// `authenticated`: `public` must be allowed on purpose).
        public var maxPortShareLevel: PortShareLevel = .authenticated
        public var maxPortShareLevelLocation: SourceLocation?
        public var sharingLocation: SourceLocation?
        public var maxRoleLocation: SourceLocation?
        public var linkLocation: SourceLocation?
        public var requireExpiryLocation: SourceLocation?
        public var inactiveUsers: InactiveUsers = .keep
        public var inactiveUsersLocation: SourceLocation?

        public init(
            sharing: Sharing = .everyone, maxRole: Role = .admin, link: Link = .allowed, requireExpiry: Bool = false
        ) {
            self.sharing = sharing
            self.maxRole = maxRole
            self.link = link
            self.requireExpiry = requireExpiry
        }
    }

    public var server: Server
    public var scope: Scope
    public var policy: Policy
    /// Whether grants on governed live workspaces that git does not declare are removed
    /// (`true`, the default) or only reported as drift.
    public var pruneGrants: Bool
    /// Whether groups git does not declare are deleted (`prune.groups`; default false: left alone).
    public var pruneGroups = false
    public var pruneGroupsLocation: SourceLocation?
    /// Whether port shares git does not declare are removed on every governed workspace
    /// (`prune.ports`); `nil`: the default, true. A port shared by hand is drift like an undeclared
    /// grant: `prune.ports: false` must be written to leave such shares alone, and then plans say
    /// which workspaces' port shares they did not compare.
    public var prunePorts: Bool?
    public var prunePortsLocation: SourceLocation?
    /// `prune.ports` as it applies.
    public var prunesPorts: Bool { prunePorts ?? true }
    /// How much access one reconcile may remove (`prune.maxRemovals`); `nil`: the default.
    public var maxRemovals: RemovalLimit?
    public var maxRemovalsLocation: SourceLocation?
    /// The server templates this repository may name; `nil` when not declared (not checked).
    public var templates: [String]?
    public var templatesLocation: SourceLocation?
    /// Where the document is; `nil` for the defaults used when there is no Config.
    public var location: SourceLocation?

    public init(
        server: Server = Server(), scope: Scope = .declared, policy: Policy = Policy(), pruneGrants: Bool = true,
        templates: [String]? = nil, location: SourceLocation? = nil
    ) {
        self.server = server
        self.scope = scope
        self.policy = policy
        self.pruneGrants = pruneGrants
        self.templates = templates
        self.location = location
    }
}

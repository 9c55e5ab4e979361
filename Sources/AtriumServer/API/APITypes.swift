import Hummingbird

// The JSON the server speaks: Coder's codersdk shapes (snake_case on the wire, through the
// encoder's key strategy), plus Atrium's documented extensions (schemas/server-extensions.yaml).

struct BuildInfoJSON: ResponseEncodable {
    struct Atrium: Encodable {
        var server: String
        var extensions: [String]
    }
    var externalUrl: String
    var dashboardUrl: String
    var version: String
    var deploymentId: String
    var agentApiVersion: String
    var provisionerApiVersion: String
    var telemetry: Bool
    var workspaceProxy: Bool
    var upgradeMessage: String
    var webpushPublicKey: String
    /// Extension: says this is Atrium's reference server and which extensions it has (absent
    /// under `--coder-only`, as Coder sends nothing of it).
    var atrium: Atrium?
}

struct SlimRoleJSON: ResponseEncodable {
    var name: String
    var displayName: String
    var organizationId: String?
}

/// Coder's User: a ReducedUser's fields, the user's organizations and site-wide roles.
struct UserJSON: ResponseEncodable {
    var user: ReducedUserJSON
    var organizationIds: [String]
    var roles: [SlimRoleJSON]
    var isServiceAccount = false

    enum Keys: String, CodingKey { case organizationIds, roles, isServiceAccount }

    func encode(to encoder: any Encoder) throws {
        try user.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(organizationIds, forKey: .organizationIds)
        try container.encode(roles, forKey: .roles)
        try container.encode(isServiceAccount, forKey: .isServiceAccount)
    }
}

struct ReducedUserJSON: ResponseEncodable {
    var id: String
    var username: String
    var email: String
    var name: String
    var createdAt: String
    var updatedAt: String
    var lastSeenAt: String
    var status: String
    var loginType: String
    var avatarUrl: String
    var themePreference: String
}

struct UsersResponseJSON: ResponseEncodable {
    var users: [UserJSON]
    var count: Int
}

struct OrganizationJSON: ResponseEncodable {
    var id: String
    var name: String
    var displayName: String
    var description: String
    var icon: String
    var isDefault: Bool
    var createdAt: String
    var updatedAt: String
}

struct OrganizationMemberJSON: ResponseEncodable {
    var userId: String
    var username: String
    var name: String
    var email: String
    var avatarUrl: String
    var organizationId: String
    var createdAt: String
    var updatedAt: String
    var roles: [SlimRoleJSON]
    var globalRoles: [SlimRoleJSON]
}

struct GroupJSON: ResponseEncodable {
    var id: String
    var name: String
    var displayName: String
    var organizationId: String
    var organizationName: String
    var organizationDisplayName: String
    var members: [ReducedUserJSON]
    var totalMemberCount: Int
    var avatarUrl: String
    var quotaAllowance: Int
    var source: String
}

struct TemplateJSON: ResponseEncodable {
    var id: String
    var name: String
    var displayName: String
    var description: String
    var organizationId: String
    var organizationName: String
    var organizationDisplayName: String
    var organizationIcon: String
    var activeVersionId: String
    var activeUserCount: Int
    var createdAt: String
    var updatedAt: String
    var createdById: String
    var createdByName: String
    var icon: String
    var provisioner: String
    var deprecated: Bool
    var deprecationMessage: String
    var defaultTtlMs: Int
    var activityBumpMs: Int
    var allowUserAutostart: Bool
    var allowUserAutostop: Bool
    var allowUserCancelWorkspaceJobs: Bool
    var requireActiveVersion: Bool
    var maxPortShareLevel: String
    /// Extension: the names of the template's parameters.
    var parameters: [String]
}

struct WorkspaceBuildJSON: ResponseEncodable, SnakeCaseKeyed {
    var id: String
    var buildNumber: Int
    var createdAt: String
    var updatedAt: String
    var workspaceId: String
    var workspaceName: String
    var workspaceOwnerId: String
    var workspaceOwnerName: String
    var templateVersionId: String
    var templateVersionName: String
    var initiatorId: String
    var initiatorName: String
    var transition: String
    var status: String
    var reason: String
    var resources: [WorkspaceResourceJSON]
    var dailyCost: Int

    enum CodingKeys: String, CodingKey {
        case id
        case buildNumber = "build_number"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case workspaceId = "workspace_id"
        case workspaceName = "workspace_name"
        case workspaceOwnerId = "workspace_owner_id"
        case workspaceOwnerName = "workspace_owner_name"
        case templateVersionId = "template_version_id"
        case templateVersionName = "template_version_name"
        case initiatorId = "initiator_id"
        case initiatorName = "initiator_name"
        case transition
        case status
        case reason
        case resources
        case dailyCost = "daily_cost"
    }
}

/// A build's resource, with its agents: the reference server gives every workspace one
/// container with one agent, `main` (the name Coder's example templates use).
struct WorkspaceResourceJSON: ResponseEncodable, SnakeCaseKeyed {
    var id: String
    var workspaceTransition: String
    var type: String
    var name: String
    var hide: Bool
    var agents: [WorkspaceAgentJSON]
    var dailyCost: Int

    enum CodingKeys: String, CodingKey {
        case id, type, name, hide, agents
        case workspaceTransition = "workspace_transition"
        case dailyCost = "daily_cost"
    }
}

struct WorkspaceAgentJSON: ResponseEncodable, SnakeCaseKeyed {
    var id: String
    var name: String
    var status: String
    var lifecycleState: String

    enum CodingKeys: String, CodingKey {
        case id, name, status
        case lifecycleState = "lifecycle_state"
    }
}

/// `GET /workspaces/{id}/port-share` (codersdk.WorkspaceAgentPortShares).
struct PortSharesJSON: ResponseEncodable {
    var shares: [PortShareJSON]
}

struct PortShareJSON: ResponseEncodable {
    var workspaceId: String
    var agentName: String
    var port: Int
    var shareLevel: String
    var `protocol`: String
}

/// `POST /workspaces/{id}/port-share`'s body (codersdk.UpsertWorkspaceAgentPortShareRequest).
struct UpsertPortShareRequest: RequestBody {
    static let fields = ["agent_name", "port", "share_level", "protocol"]
    var agentName: String?
    var port: Int?
    var shareLevel: String?
    var `protocol`: String?
}

/// `DELETE /workspaces/{id}/port-share`'s body.
struct DeletePortShareRequest: RequestBody {
    static let fields = ["agent_name", "port"]
    var agentName: String?
    var port: Int?
}

/// `GET /applications/host`.
struct AppHostJSON: ResponseEncodable {
    var host: String
}

struct WorkspaceHealthJSON: ResponseEncodable, SnakeCaseKeyed {
    var healthy: Bool
    var failingAgents: [String]

    enum CodingKeys: String, CodingKey {
        case healthy
        case failingAgents = "failing_agents"
    }
}

struct SharedActorJSON: ResponseEncodable, SnakeCaseKeyed {
    var id: String
    var actorType: String
    var name: String
    var avatarUrl: String
    var roles: [String]

    enum CodingKeys: String, CodingKey {
        case id
        case actorType = "actor_type"
        case name
        case avatarUrl = "avatar_url"
        case roles
    }
}

struct WorkspaceJSON: ResponseEncodable, SnakeCaseKeyed {
    var id: String
    var name: String
    var createdAt: String
    var updatedAt: String
    var lastUsedAt: String
    var ownerId: String
    var ownerName: String
    var ownerAvatarUrl: String
    var organizationId: String
    var organizationName: String
    var templateId: String
    var templateName: String
    var templateDisplayName: String
    var templateIcon: String
    var templateActiveVersionId: String
    var templateAllowUserCancelWorkspaceJobs: Bool
    var templateRequireActiveVersion: Bool
    var templateUseClassicParameterFlow: Bool
    var latestBuild: WorkspaceBuildJSON
    var outdated: Bool
    var health: WorkspaceHealthJSON
    var automaticUpdates: String
    var allowRenames: Bool
    var favorite: Bool
    var isPrebuild: Bool
    /// Absent (not `[]`) when the workspace is shared with nobody, as Coder's `omitempty`.
    var sharedWith: [SharedActorJSON]?
    /// Extension: link sharing level, `owner` or `everyone`.
    var admission: String
    /// Extension: present when `admission` is `everyone`.
    var shareUrl: String?

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastUsedAt = "last_used_at"
        case ownerId = "owner_id"
        case ownerName = "owner_name"
        case ownerAvatarUrl = "owner_avatar_url"
        case organizationId = "organization_id"
        case organizationName = "organization_name"
        case templateId = "template_id"
        case templateName = "template_name"
        case templateDisplayName = "template_display_name"
        case templateIcon = "template_icon"
        case templateActiveVersionId = "template_active_version_id"
        case templateAllowUserCancelWorkspaceJobs = "template_allow_user_cancel_workspace_jobs"
        case templateRequireActiveVersion = "template_require_active_version"
        case templateUseClassicParameterFlow = "template_use_classic_parameter_flow"
        case latestBuild = "latest_build"
        case outdated
        case health
        case automaticUpdates = "automatic_updates"
        case allowRenames = "allow_renames"
        case favorite
        case isPrebuild = "is_prebuild"
        case sharedWith = "shared_with"
        case admission
        case shareUrl = "share_url"
    }
}

struct WorkspacesResponseJSON: ResponseEncodable, SnakeCaseKeyed {
    var workspaces: [WorkspaceJSON]
    var count: Int

    enum CodingKeys: String, CodingKey {
        case workspaces
        case count
    }
}

struct WorkspaceUserJSON: ResponseEncodable {
    var id: String
    var username: String
    var name: String
    var avatarUrl: String
    var role: String
}

/// Coder's WorkspaceGroup: a Group's fields and the group's role on the workspace.
struct WorkspaceGroupJSON: ResponseEncodable {
    var group: GroupJSON
    var role: String

    enum Keys: String, CodingKey { case role }

    func encode(to encoder: any Encoder) throws {
        try group.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(role, forKey: .role)
    }
}

struct WorkspaceACLJSON: ResponseEncodable {
    var users: [WorkspaceUserJSON]
    /// Coder's key really is `group`.
    var group: [WorkspaceGroupJSON]
}

struct SnapshotJSON: ResponseEncodable {
    var id: String
    var name: String
    var workspaceId: String
    var createdAt: String
    var state: String
    var url: String
}

/// Coder's WorkspaceSharingSettings: `shareable_workspace_owners`, and the deprecated
/// `sharing_disabled` (true unless owners may share).
struct WorkspaceSharingSettingsJSON: ResponseEncodable, Decodable {
    var shareableWorkspaceOwners: String
    var sharingDisabled: Bool

    init(shareableWorkspaceOwners: String) {
        self.shareableWorkspaceOwners = shareableWorkspaceOwners
        sharingDisabled = shareableWorkspaceOwners != "everyone"
    }
}

/// Coder's `codersdk.Response` for answers that carry only a message.
struct MessageJSON: ResponseEncodable {
    var message: String
}

struct APIKeyJSON: ResponseEncodable {
    var key: String
}

// MARK: - Requests

struct CreateUserRequest: RequestBody {
    static let fields = ["email", "username", "name", "password", "login_type", "organization_ids", "user_status"]
    var email: String
    var username: String
    var name: String?
    var password: String?
    var loginType: String?
    var organizationIds: [String]?
    var userStatus: String?
}

struct CreateGroupRequest: RequestBody {
    static let fields = ["name", "display_name", "avatar_url", "quota_allowance"]
    var name: String
    var displayName: String?
    var avatarUrl: String?
    var quotaAllowance: Int?
}

struct PatchGroupRequest: RequestBody {
    static let fields = ["add_users", "remove_users", "name", "display_name", "avatar_url", "quota_allowance"]
    var addUsers: [String]?
    var removeUsers: [String]?
    var name: String?
    var displayName: String?
    var avatarUrl: String?
    var quotaAllowance: Int?
}

struct CreateTemplateRequest: RequestBody {
    static let fields = [
        "name", "display_name", "description", "icon", "template_version_id", "parameters",
        "activity_bump_ms", "allow_user_autostart", "allow_user_autostop", "allow_user_cancel_workspace_jobs",
        "autostart_requirement", "autostop_requirement", "cors_behavior", "default_ttl_ms", "delete_ttl_ms",
        "disable_everyone_group_access", "dormant_ttl_ms", "failure_ttl_ms", "max_port_share_level",
        "require_active_version", "template_use_classic_parameter_flow",
    ]
    var name: String
    var displayName: String?
    var description: String?
    var templateVersionId: String?
    var maxPortShareLevel: String?
    /// Extension: the names of the template's parameters.
    var parameters: [String]?
}

struct CreateWorkspaceRequest: RequestBody {
    static let fields = [
        "name", "template_id", "template_version_id", "template_version_preset_id", "rich_parameter_values", "ttl_ms",
        "autostart_schedule", "automatic_updates",
    ]
    struct Parameter: Decodable {
        var name: String
        var value: String
    }
    var name: String
    var templateId: String?
    var templateVersionId: String?
    var richParameterValues: [Parameter]?
}

struct UpdateWorkspaceACLRequest: RequestBody {
    static let fields = ["user_roles", "group_roles"]
    var userRoles: [String: String]?
    var groupRoles: [String: String]?
}

struct AdmissionRequest: RequestBody {
    static let fields = ["level"]
    var level: String
}

struct CreateSnapshotRequest: RequestBody {
    static let fields = ["name"]
    var name: String
}

struct UpdateSharingSettingsRequest: RequestBody {
    static let fields = ["shareable_workspace_owners", "sharing_disabled"]
    var shareableWorkspaceOwners: String?
    /// Deprecated: true means `none`, false `everyone`.
    var sharingDisabled: Bool?

    static let values = ["none", "everyone", "service_accounts"]

    /// The setting asked for: `shareable_workspace_owners`, else the deprecated flag; `{}` means everyone.
    var requested: String {
        shareableWorkspaceOwners ?? sharingDisabled.map { $0 ? "none" : "everyone" } ?? "everyone"
    }
}

/// Coder's WorkspaceBuildParameter.
struct WorkspaceBuildParameterJSON: ResponseEncodable {
    var name: String
    var value: String
}

/// Coder's `codersdk.TemplateACL`: `users` with their role, groups under `group`.
struct TemplateACLJSON: ResponseEncodable {
    struct User: ResponseEncodable {
        var id: String
        var username: String
        var name: String
        var email: String
        var avatarUrl: String
        var role: String
    }

    struct Group: ResponseEncodable {
        var id: String
        var name: String
        var displayName: String
        var organizationId: String
        var members: [User]
        var totalMemberCount: Int
        var avatarUrl: String
        var role: String
    }

    var users: [User]
    var group: [Group]
}

/// Coder's `UpdateTemplateACL`.
struct UpdateTemplateACLRequest: RequestBody {
    static let fields = ["user_perms", "group_perms"]
    var userPerms: [String: String]?
    var groupPerms: [String: String]?
}

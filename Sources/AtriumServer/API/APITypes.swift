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

/// `GET /workspacebuilds/{id}/parameters`: a JSON array of the build's parameters.
struct BuildParametersJSON: ResponseEncodable {
    var parameters: [WorkspaceBuildParameterJSON]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(parameters)
    }
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

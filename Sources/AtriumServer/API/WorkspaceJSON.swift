import AtriumCore
import Hummingbird

/// Coder's workspace as the server answers it (codersdk.Workspace), with its latest build, its
/// resources and agents, and who it is shared with; listings are written by `JSONWriter`, member
/// for member as the `Encodable` conformances encode them (ListingEncodingTests compares the two).

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
    /// Extension: link sharing level, `owner` or `everyone`; absent from a server that is only
    /// Coder (`--coder-only`).
    var admission: String?
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

/// The listings' types written by `JSONWriter`, member for member as their `Encodable`
/// conformances encode them (ListingEncodingTests compares the two).
extension WorkspacesResponseJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.reserve(3000 * workspaces.count)
        writer.object { w in
            w.key("workspaces")
            w.array(workspaces) { w, workspace in workspace.write(to: &w) }
            w.key("count")
            w.int(count)
        }
    }
}

extension WorkspaceJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            writeIdentity(to: &w)
            writeTemplateAndState(to: &w)
        }
    }

    /// The workspace, its owner and organization (inside the object).
    private func writeIdentity(to w: inout JSONWriter) {
        w.key("id")
        w.string(id)
        w.key("name")
        w.string(name)
        w.key("created_at")
        w.string(createdAt)
        w.key("updated_at")
        w.string(updatedAt)
        w.key("last_used_at")
        w.string(lastUsedAt)
        w.key("owner_id")
        w.string(ownerId)
        w.key("owner_name")
        w.string(ownerName)
        w.key("owner_avatar_url")
        w.string(ownerAvatarUrl)
        w.key("organization_id")
        w.string(organizationId)
        w.key("organization_name")
        w.string(organizationName)
    }

    /// Its template, latest build, health, flags and sharing (inside the object).
    private func writeTemplateAndState(to w: inout JSONWriter) {
        w.key("template_id")
        w.string(templateId)
        w.key("template_name")
        w.string(templateName)
        w.key("template_display_name")
        w.string(templateDisplayName)
        w.key("template_icon")
        w.string(templateIcon)
        w.key("template_active_version_id")
        w.string(templateActiveVersionId)
        w.key("template_allow_user_cancel_workspace_jobs")
        w.bool(templateAllowUserCancelWorkspaceJobs)
        w.key("template_require_active_version")
        w.bool(templateRequireActiveVersion)
        w.key("template_use_classic_parameter_flow")
        w.bool(templateUseClassicParameterFlow)
        w.key("latest_build")
        latestBuild.write(to: &w)
        w.key("outdated")
        w.bool(outdated)
        w.key("health")
        w.object { w in
            w.key("healthy")
            w.bool(health.healthy)
            w.key("failing_agents")
            w.strings(health.failingAgents)
        }
        w.key("automatic_updates")
        w.string(automaticUpdates)
        w.key("allow_renames")
        w.bool(allowRenames)
        w.key("favorite")
        w.bool(favorite)
        w.key("is_prebuild")
        w.bool(isPrebuild)
        if let sharedWith {
            w.key("shared_with")
            w.array(sharedWith) { w, actor in actor.write(to: &w) }
        }
        if let admission {
            w.key("admission")
            w.string(admission)
        }
        if let shareUrl {
            w.key("share_url")
            w.string(shareUrl)
        }
    }
}

extension WorkspaceBuildJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("build_number")
            w.int(buildNumber)
            w.key("created_at")
            w.string(createdAt)
            w.key("updated_at")
            w.string(updatedAt)
            w.key("workspace_id")
            w.string(workspaceId)
            w.key("workspace_name")
            w.string(workspaceName)
            w.key("workspace_owner_id")
            w.string(workspaceOwnerId)
            w.key("workspace_owner_name")
            w.string(workspaceOwnerName)
            w.key("template_version_id")
            w.string(templateVersionId)
            w.key("template_version_name")
            w.string(templateVersionName)
            w.key("initiator_id")
            w.string(initiatorId)
            w.key("initiator_name")
            w.string(initiatorName)
            w.key("transition")
            w.string(transition)
            w.key("status")
            w.string(status)
            w.key("reason")
            w.string(reason)
            w.key("resources")
            w.array(resources) { w, resource in resource.write(to: &w) }
            w.key("daily_cost")
            w.int(dailyCost)
        }
    }
}

extension WorkspaceResourceJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("workspace_transition")
            w.string(workspaceTransition)
            w.key("type")
            w.string(type)
            w.key("name")
            w.string(name)
            w.key("hide")
            w.bool(hide)
            w.key("agents")
            w.array(agents) { w, agent in
                w.object { w in
                    w.key("id")
                    w.string(agent.id)
                    w.key("name")
                    w.string(agent.name)
                    w.key("status")
                    w.string(agent.status)
                    w.key("lifecycle_state")
                    w.string(agent.lifecycleState)
                }
            }
            w.key("daily_cost")
            w.int(dailyCost)
        }
    }
}

extension SharedActorJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("actor_type")
            w.string(actorType)
            w.key("name")
            w.string(name)
            w.key("avatar_url")
            w.string(avatarUrl)
            w.key("roles")
            w.strings(roles)
        }
    }
}

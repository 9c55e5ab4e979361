import AtriumCore

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
        w.key("admission")
        w.string(admission)
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

extension UsersResponseJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.reserve(500 * users.count)
        writer.object { w in
            w.key("users")
            w.array(users) { w, user in user.write(to: &w) }
            w.key("count")
            w.int(count)
        }
    }
}

extension UserJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(user.id)
            w.key("username")
            w.string(user.username)
            w.key("email")
            w.string(user.email)
            w.key("name")
            w.string(user.name)
            w.key("created_at")
            w.string(user.createdAt)
            w.key("updated_at")
            w.string(user.updatedAt)
            w.key("last_seen_at")
            w.string(user.lastSeenAt)
            w.key("status")
            w.string(user.status)
            w.key("login_type")
            w.string(user.loginType)
            w.key("avatar_url")
            w.string(user.avatarUrl)
            w.key("theme_preference")
            w.string(user.themePreference)
            w.key("organization_ids")
            w.strings(organizationIds)
            w.key("roles")
            w.array(roles) { w, role in
                w.object { w in
                    w.key("name")
                    w.string(role.name)
                    w.key("display_name")
                    w.string(role.displayName)
                    if let organizationId = role.organizationId {
                        w.key("organization_id")
                        w.string(organizationId)
                    }
                }
            }
            w.key("is_service_account")
            w.bool(isServiceAccount)
        }
    }
}

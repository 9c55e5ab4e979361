import AtriumCore

// Records as Coder's JSON.

extension ReducedUserJSON {
    init(_ user: UserRecord) {
        self.init(
            id: user.id, username: user.username, email: user.email, name: user.name, createdAt: user.createdAt,
            updatedAt: user.updatedAt, lastSeenAt: user.updatedAt, status: user.status, loginType: "password",
            avatarUrl: "", themePreference: "")
    }
}

extension UserJSON {
    init(_ user: UserRecord, organizationIDs: [String], isServiceAccount: Bool = false) {
        self.init(
            user: ReducedUserJSON(user), organizationIds: organizationIDs,
            roles: user.siteAdmin ? [SlimRoleJSON(name: "owner", displayName: "Owner", organizationId: nil)] : [],
            isServiceAccount: isServiceAccount)
    }
}

extension OrganizationJSON {
    init(_ organization: OrganizationRecord) {
        self.init(
            id: organization.id, name: organization.name, displayName: organization.displayName,
            description: organization.description, icon: "", isDefault: organization.isDefault,
            createdAt: organization.createdAt, updatedAt: organization.updatedAt)
    }
}

extension GroupJSON {
    init(_ group: GroupRecord) {
        self.init(
            id: group.id, name: group.name, displayName: group.displayName, organizationId: group.organizationID,
            organizationName: group.organizationName, organizationDisplayName: group.organizationDisplayName,
            members: group.members.map(ReducedUserJSON.init), totalMemberCount: group.members.count, avatarUrl: "",
            quotaAllowance: 0, source: "user")
    }
}

extension TemplateJSON {
    init(_ template: TemplateRecord) {
        self.init(
            id: template.id, name: template.name, displayName: template.displayName, description: template.description,
            organizationId: template.organizationID, organizationName: template.organizationName,
            organizationDisplayName: template.organizationDisplayName, organizationIcon: "",
            activeVersionId: template.activeVersionID, activeUserCount: 0, createdAt: template.createdAt,
            updatedAt: template.updatedAt, createdById: template.createdByID, createdByName: template.createdByName,
            icon: "", provisioner: "terraform", deprecated: false, deprecationMessage: "", defaultTtlMs: 0,
            activityBumpMs: 0, allowUserAutostart: true, allowUserAutostop: true, allowUserCancelWorkspaceJobs: false,
            requireActiveVersion: false, maxPortShareLevel: template.maxPortShareLevel, parameters: template.parameters)
    }
}

extension WorkspaceJSON {
    /// With `extensions` false (`--coder-only`), without the link-sharing fields Coder does not have.
    init(_ workspace: WorkspaceRecord, baseURL: String, extensions: Bool = true) {
        let build = WorkspaceBuildJSON(
            id: workspace.id, buildNumber: 1, createdAt: workspace.createdAt, updatedAt: workspace.createdAt,
            workspaceId: workspace.id, workspaceName: workspace.name, workspaceOwnerId: workspace.owner.id,
            workspaceOwnerName: workspace.owner.username, templateVersionId: workspace.template.activeVersionID,
            templateVersionName: "v1", initiatorId: workspace.owner.id, initiatorName: workspace.owner.username,
            transition: "start", status: "running", reason: "initiator",
            resources: [WorkspaceResourceJSON.container(of: workspace.id)], dailyCost: 0)
        // As Coder's workspaces_expanded view builds it: a user actor's `name` is their display
        // name ("" when unset), not their username; the key is absent when nothing is shared.
        let shared =
            workspace.users.map {
                SharedActorJSON(id: $0.user.id, actorType: "user", name: $0.user.name, avatarUrl: "", roles: [$0.role])
            }
            + workspace.groups.map {
                SharedActorJSON(
                    id: $0.group.id, actorType: "group", name: $0.group.name, avatarUrl: "", roles: [$0.role])
            }
        self.init(
            id: workspace.id, name: workspace.name, createdAt: workspace.createdAt, updatedAt: workspace.updatedAt,
            lastUsedAt: workspace.updatedAt, ownerId: workspace.owner.id, ownerName: workspace.owner.username,
            ownerAvatarUrl: "", organizationId: workspace.organizationID, organizationName: workspace.organizationName,
            templateId: workspace.template.id, templateName: workspace.template.name,
            templateDisplayName: workspace.template.displayName, templateIcon: "",
            templateActiveVersionId: workspace.template.activeVersionID, templateAllowUserCancelWorkspaceJobs: false,
            templateRequireActiveVersion: false, templateUseClassicParameterFlow: false, latestBuild: build,
            outdated: false, health: WorkspaceHealthJSON(healthy: true, failingAgents: []), automaticUpdates: "never",
            allowRenames: false, favorite: false, isPrebuild: false, sharedWith: shared.isEmpty ? nil : shared,
            admission: extensions ? workspace.admission : nil,
            shareUrl: extensions && workspace.admission == "everyone"
                ? "\(baseURL)/@\(workspace.owner.username)/\(workspace.name)" : nil)
    }
}

extension WorkspaceACLJSON {
    init(_ workspace: WorkspaceRecord) {
        self.init(users: workspace.users, groups: workspace.groups)
    }

    init(users: [WorkspaceRecord.UserGrant], groups: [WorkspaceRecord.GroupGrant]) {
        self.init(
            users: users.map {
                WorkspaceUserJSON(
                    id: $0.user.id, username: $0.user.username, name: $0.user.name, avatarUrl: "", role: $0.role)
            },
            group: groups.map { WorkspaceGroupJSON(group: GroupJSON($0.group), role: $0.role) })
    }
}

extension SnapshotJSON {
    init(_ snapshot: SnapshotRecord, baseURL: String) {
        self.init(
            id: snapshot.id, name: snapshot.name, workspaceId: snapshot.workspaceID, createdAt: snapshot.createdAt,
            state: snapshot.state, url: "\(baseURL)/#snapshot/\(snapshot.id)")
    }
}

extension WorkspaceResourceJSON {
    /// The one agent every workspace of the reference server has.
    static let agentName = "main"

    /// A workspace's container and its agent, with ids derived from the workspace's.
    static func container(of workspaceID: String) -> WorkspaceResourceJSON {
        WorkspaceResourceJSON(
            id: derivedID(workspaceID, "resource"), workspaceTransition: "start", type: "docker_container",
            name: "dev", hide: false,
            agents: [
                WorkspaceAgentJSON(
                    id: derivedID(workspaceID, "agent"), name: agentName, status: "connected", lifecycleState: "ready")
            ], dailyCost: 0)
    }

    /// A UUID (version 8, name-based) for one of a workspace's parts.
    static func derivedID(_ workspaceID: String, _ part: String) -> String {
        // Built from bytes, not Characters: every workspace a listing returns has two.
        var hex = Array(Hex.sha256("\(workspaceID)/\(part)").utf8.prefix(32))
        hex[12] = UInt8(ascii: "8")
        hex[16] = UInt8(ascii: "a")
        var result: [UInt8] = []
        result.reserveCapacity(36)
        for (index, byte) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { result.append(UInt8(ascii: "-")) }
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }
}

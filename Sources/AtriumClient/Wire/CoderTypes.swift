import AtriumCore

// The parts of Coder's JSON that Atrium reads. Keys are spelled out: a key-decoding strategy
// would convert every key of every object, and workspace listings have dozens of keys each.

struct BuildInfoResponse: Decodable {
    struct Atrium: Decodable {
        var server: String
        var extensions: [String]
    }
    var version: String?
    var atrium: Atrium?
}

struct OrganizationResponse: Decodable {
    var id: String
    var name: String
}

struct SharingSettingsResponse: Codable {
    var shareableWorkspaceOwners: String

    enum CodingKeys: String, CodingKey {
        case shareableWorkspaceOwners = "shareable_workspace_owners"
    }
}

struct UserResponse: Decodable {
    var id: String
    var username: String
}

struct UsersPageResponse: Decodable {
    var users: [UserResponse]
    var count: Int
}

struct GroupResponse: Decodable {
    struct Member: Decodable {
        var id: String
        var username: String
    }

    var id: String
    var name: String
    var displayName: String?
    /// Coder lists each group's members with it (one request per page of groups).
    var members: [Member]?
    /// `user`, or `oidc` for a group the identity provider manages.
    var source: String?

    enum CodingKeys: String, CodingKey {
        case id, name, members, source
        case displayName = "display_name"
    }
}

/// Coder's `codersdk.TemplateACL`: users, and groups under `group`, each with its role.
struct TemplateACLResponse: Decodable {
    struct Entry: Decodable {
        var id: String
        var username: String?
        var name: String?
        var role: String
    }

    var users: [Entry]?
    var group: [Entry]?
}

struct TemplateResponse: Decodable {
    var id: String
    var name: String
    /// Atrium's extension; Coder does not list parameters here.
    var parameters: [String]?
    /// The widest level its workspaces' ports may be shared at.
    var maxPortShareLevel: String?

    enum CodingKeys: String, CodingKey {
        case id, name, parameters
        case maxPortShareLevel = "max_port_share_level"
    }
}

struct SharedActorResponse: Decodable {
    var id: String
    var actorType: String
    var name: String
    var roles: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, roles
        case actorType = "actor_type"
    }
}

struct WorkspaceResponse: Decodable {
    var id: String
    var name: String
    var ownerName: String
    var templateName: String
    var sharedWith: [SharedActorResponse]?
    /// Atrium's extensions: link sharing, and the URL anyone with an account can open it at.
    var admission: String?
    var shareUrl: String?
    var latestBuild: BuildReference?

    struct BuildReference: Decodable {
        var id: String
        var resources: [Resource]?

        struct Resource: Decodable {
            var agents: [Agent]?
        }

        struct Agent: Decodable {
            var name: String
        }

        /// The names of the build's agents, over all of its resources.
        var agentNames: [String]? { resources.map { $0.flatMap { $0.agents ?? [] }.map(\.name) } }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, admission
        case shareUrl = "share_url"
        case latestBuild = "latest_build"
        case ownerName = "owner_name"
        case templateName = "template_name"
        case sharedWith = "shared_with"
    }
}

struct WorkspacesPageResponse: Decodable {
    var workspaces: [WorkspaceResponse]
    var count: Int
}

struct ACLResponse: Decodable {
    struct User: Decodable {
        var id: String
        var username: String
        var role: String
    }
    struct Group: Decodable {
        var id: String
        var name: String
        var role: String
    }
    var users: [User]
    var group: [Group]
}

struct SnapshotResponse: Decodable {
    var id: String
    var name: String
    var url: String
}

struct CreateWorkspaceBody: Encodable {
    struct Parameter: Encodable {
        var name: String
        var value: String
    }
    var name: String
    var templateId: String
    var richParameterValues: [Parameter]
}

struct UpdateACLBody: Encodable {
    var userRoles: [String: String]
    var groupRoles: [String: String]
}

struct AdmissionBody: Encodable {
    var level: String
}

struct SnapshotBody: Encodable {
    var name: String
}

/// Coder's WorkspaceBuildParameter.
struct BuildParameterResponse: Decodable {
    var name: String
    var value: String
}

/// `GET /workspaces/{id}/port-share` (coderd/workspaceportshare.go).
struct PortSharesResponse: Decodable {
    var shares: [PortShareResponse]?
}

struct PortShareResponse: Codable {
    var agentName: String
    var port: Int
    var shareLevel: String
    /// Absent before Coder 2.10, when every share was http.
    var `protocol`: String?

    enum CodingKeys: String, CodingKey {
        case port
        case agentName = "agent_name"
        case shareLevel = "share_level"
        case `protocol`
    }
}

/// `DELETE /workspaces/{id}/port-share`'s body.
struct DeletePortShareRequest: Encodable {
    var agentName: String
    var port: Int

    enum CodingKeys: String, CodingKey {
        case port
        case agentName = "agent_name"
    }
}

/// `GET /applications/host`: the wildcard host, empty when the deployment has none.
struct AppHostResponse: Decodable {
    var host: String
}

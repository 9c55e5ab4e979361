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

struct AdmissionBody: Encodable {
    var level: String
}

struct SnapshotBody: Encodable {
    var name: String
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

import AtriumCore

/// Coder's workspace listing as the client reads it: each workspace with who it is shared with,
/// read in one pass by `JSONReader` (its one codec: `JSONReadable`), every member the client does
/// not use skipped.

/// Coder's `codersdk.SharedWorkspaceActor`.
struct SharedActorResponse {
    var id: String
    var actorType: String
    var name: String
    var roles: [String]
}

/// Coder's `codersdk.Workspace`, as far as the client reads it.
struct WorkspaceResponse {
    var id: String
    var name: String
    var ownerName: String
    var templateName: String
    var sharedWith: [SharedActorResponse]?
    /// Atrium's extensions: link sharing, and the URL anyone with an account can open it at.
    var admission: String?
    var shareUrl: String?
    var latestBuild: BuildReference?

    struct BuildReference {
        var id: String
        var resources: [Resource]?

        struct Resource {
            var agents: [Agent]?
        }

        struct Agent {
            var name: String
        }

        /// The names of the build's agents, over all of its resources.
        var agentNames: [String]? { resources.map { $0.flatMap { $0.agents ?? [] }.map(\.name) } }
    }
}

/// Coder's `codersdk.WorkspacesResponse`.
struct WorkspacesPageResponse {
    var workspaces: [WorkspaceResponse]
    var count: Int
}

extension WorkspacesPageResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        let (workspaces, count) = try reader.page("workspaces") { try WorkspaceResponse(reading: &$0) }
        self.init(workspaces: workspaces, count: count)
    }
}

extension WorkspaceResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        var id: String?
        var name: String?
        var ownerName: String?
        var templateName: String?
        var admission: String?
        var shareURL: String?
        var build: BuildReference?
        var sharedWith: [SharedActorResponse]?
        try reader.object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "name") {
                name = try reader.string()
            } else if reader.key(key, is: "owner_name") {
                ownerName = try reader.string()
            } else if reader.key(key, is: "template_name") {
                templateName = try reader.string()
            } else if reader.key(key, is: "admission") {
                admission = try reader.optionalString()
            } else if reader.key(key, is: "share_url") {
                shareURL = try reader.optionalString()
            } else if reader.key(key, is: "latest_build") {
                build = try Self.build(&reader)
            } else if reader.key(key, is: "shared_with") {
                sharedWith = try Self.sharedWith(&reader)
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw reader.missing("id") }
        guard let name else { throw reader.missing("name") }
        guard let ownerName else { throw reader.missing("owner_name") }
        guard let templateName else { throw reader.missing("template_name") }
        self.init(
            id: id, name: name, ownerName: ownerName, templateName: templateName, sharedWith: sharedWith,
            admission: admission,
            shareUrl: shareURL, latestBuild: build)
    }

    /// `latest_build`'s id and its resources' agents, or nil when it is null.
    private static func build(_ reader: inout JSONReader) throws -> BuildReference? {
        if try reader.isNull() { return nil }
        var id: String?
        var resources: [BuildReference.Resource]?
        try reader.object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "resources") {
                resources = try Self.resources(&reader)
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw reader.missing("latest_build.id") }
        return BuildReference(id: id, resources: resources)
    }

    /// A build's resources, each with its agents' names.
    private static func resources(_ reader: inout JSONReader) throws -> [BuildReference.Resource]? {
        if try reader.isNull() { return nil }
        var resources: [BuildReference.Resource] = []
        try reader.array { reader in
            var agents: [BuildReference.Agent]?
            try reader.object { reader, key in
                guard reader.key(key, is: "agents") else { return try reader.skip() }
                if try reader.isNull() { return }
                var list: [BuildReference.Agent] = []
                try reader.array { reader in
                    var name: String?
                    try reader.object { reader, key in
                        if reader.key(key, is: "name") { name = try reader.string() } else { try reader.skip() }
                    }
                    guard let name else { throw reader.missing("agents.name") }
                    list.append(BuildReference.Agent(name: name))
                }
                agents = list
            }
            resources.append(BuildReference.Resource(agents: agents))
        }
        return resources
    }

    private static func sharedWith(_ reader: inout JSONReader) throws -> [SharedActorResponse]? {
        if try reader.isNull() { return nil }
        var actors: [SharedActorResponse] = []
        try reader.array { actors.append(try SharedActorResponse(reading: &$0)) }
        return actors
    }
}

extension SharedActorResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        var id: String?
        var actorType: String?
        var name: String?
        var roles: [String]?
        try reader.object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "actor_type") {
                actorType = try reader.string()
            } else if reader.key(key, is: "name") {
                name = try reader.string()
            } else if reader.key(key, is: "roles") {
                var list: [String] = []
                try reader.array { list.append(try $0.string()) }
                roles = list
            } else {
                try reader.skip()
            }
        }
        guard let id, let actorType, let name, let roles else { throw reader.missing("id, actor_type, name and roles") }
        self.init(id: id, actorType: actorType, name: name, roles: roles)
    }
}

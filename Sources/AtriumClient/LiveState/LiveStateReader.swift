package import AtriumCore
import Foundation
import Logging
import NIOHTTP1

/// Reads the live state a plan needs: capabilities, the organization and its policy, users,
/// groups and templates by name, the governed workspaces with their ACLs and link sharing, and
/// snapshots where git declares some. Pages and per-workspace reads run with bounded parallelism.
package struct LiveStateReader: Sendable {
    package let client: ServerClient
    package let parallelism: Int

    /// The first page's size (and the least of the others').
    package let pageSize: Int

    package init(client: ServerClient, parallelism: Int = 8, pageSize: Int = 500) {
        self.client = client
        self.parallelism = parallelism
        self.pageSize = max(pageSize, 1)
    }

    /// With `details` (for `export`), every governed workspace's parameters and snapshots are
    /// read too, so that what is exported reconciles back to the same server state.
    package func read(organization: String, desired: DesiredState, details: Bool = false) async throws -> LiveState {
        try await assemble(try await fetch(organization: organization), desired: desired, details: details)
    }

    /// What the server has, before git's desired state is known: the organization, its setting,
    /// users, groups, templates and every workspace it lists. Needs only the organization's name,
    /// so that a reconcile can read it while the desired state is still being parsed.
    /// `templatesKnown` is told the templates as soon as they are listed, before the rest (the
    /// reconcile reads the declared templates' ACLs meanwhile).
    package func fetch(
        organization: String, templatesKnown: (@Sendable ([String: LiveState.Template]) -> Void)? = nil
    ) async throws -> LiveListing {
        // Everything is asked at once: on a remote server each round trip counts. The users and
        // the workspaces need no organization, and Coder reads the organization in a path as it
        // does for the lookup itself (coderd/httpmw/organizationparam.go: `default` is the default
        // organization whatever its name, else a UUID or a name); none of the answers is used
        // before the organization is known to exist. The
        // apply probes its pace afresh (`ServerClient.beginPhase`), so the listings' weight does
        // not decide how fast the writes go.
        let reference = URLEncoding.pathSegment(organization)
        async let owner: Void = client.detectOwner()
        async let offered = capabilities()
        async let found = client.getIfExists(OrganizationResponse.self, "/organizations/\(reference)")
        async let users = readUsers()
        async let workspaces = readWorkspaces()
        // Coder's organization sharing setting: unknown when the server lacks it (404) or does not
        // show it to this token (403); then sharing is taken as allowed and never planned.
        async let settingsReply = client.send(.GET, "/organizations/\(reference)/settings/workspace-sharing")
        async let groups = client.get(GroupListResponse.self, "/organizations/\(reference)/groups").groups
        async let templates = client.get([TemplateResponse].self, "/organizations/\(reference)/templates")
        await owner
        let capabilities = try await offered
        guard let org = try await found else {
            throw ClientError(
                method: "GET", path: "/organizations/\(organization)", status: 404,
                message: "organization `\(organization)` does not exist or is not visible to this token")
        }
        let settingsAnswer = try await settingsReply
        let settings =
            settingsAnswer.status == 200
            ? try? ServerClient.decoder.decode(SharingSettingsResponse.self, from: settingsAnswer.body) : nil
        let templateMap = Dictionary(
            try await templates.map { template in
                var live = LiveState.Template(id: template.id, parameters: template.parameters)
                live.maxPortShareLevel = template.maxPortShareLevel.flatMap(PortShareLevel.init(rawValue:))
                return (template.name, live)
            },
            uniquingKeysWith: { first, _ in first })
        templatesKnown?(templateMap)
        let groupList = try await groups
        let userList = try await users
        var listing = LiveListing(
            capabilities: capabilities, organization: org, sharingSetting: settings?.shareableWorkspaceOwners,
            users: Dictionary(userList.map { ($0.username, $0.id) }, uniquingKeysWith: { first, _ in first }),
            groups: Dictionary(groupList.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first }),
            templates: templateMap, workspaces: try await workspaces)
        for user in userList where (user.status ?? "active") != "active" {
            listing.userStatus[user.username] = user.status
        }
        for group in groupList {
            listing.groupMembers[group.name] = Set((group.members ?? []).map(\.username))
            if let source = group.source { listing.groupSources[group.name] = source }
            if let displayName = group.displayName { listing.groupDisplayNames[group.name] = displayName }
        }
        return listing
    }

    /// What the server offers beyond Coder's API, from `/buildinfo` (which needs no token).
    package func capabilities() async throws -> LiveState.Capabilities {
        let info = try await client.get(BuildInfoResponse.self, "/buildinfo")
        let extensions = Set(info.atrium?.extensions ?? [])
        return LiveState.Capabilities(
            admission: extensions.contains("admission"), snapshots: extensions.contains("snapshots"),
            serverName: info.atrium?.server ?? "Coder \(info.version ?? "")".trimmingCharacters(in: .whitespaces))
    }

    /// The live state of the workspaces `desired` governs, from a listing: their sharing as the
    /// listing carries it (or each ACL, on servers whose listing does not), link sharing, the
    /// snapshots of workspaces that declare some, and the port shares git governs (with the
    /// deployment's wildcard host, for their URLs).
    /// With `parameters`, the latest build's parameters of declared workspaces that declare some.
    /// `templateACLs`: the declared templates' ACLs when they were read already.
    package func assemble(
        _ listing: LiveListing, desired: DesiredState, details: Bool = false, parameters: Bool = false,
        templateACLs: [String: [Subject: Role]]? = nil
    )
        async throws -> LiveState
    {
        let declared = Set(desired.workspaces.map(\.id))
        let governed = listing.workspaces.filter { workspace in
            desired.config.scope.governs(
                owner: workspace.ownerName, name: workspace.name, template: workspace.templateName, declared: declared)
        }
        let requests = DetailRequests(
            desired: desired, everything: details, parameters: parameters,
            listsSharing: try await listingCarriesSharing(governed), hasSnapshots: listing.capabilities.snapshots)
        let start = Self.start(listing, listsSharing: requests.listsSharing)
        // Deprecated in Coder's API, and still how it tells the wildcard host (for port shares'
        // URLs): asked beside the workspaces' reads, not one round trip after them.
        async let wildcardHost =
            requests.readsPorts ? client.getIfExists(AppHostResponse.self, "/applications/host") : nil
        let live: [LiveState.Workspace]
        if requests.listingSuffices {
            // Nothing more to ask the server: no task per workspace.
            live = governed.map(start)
        } else {
            let client = self.client
            // One or two small reads per workspace, all alike: a phase of its own, whose pace the
            // adaptive limit probes afresh (what the listings' large pages showed says nothing of it).
            client.beginPhase()
            live = try await boundedMap(governed, limit: parallelism) { workspace in
                var result = start(workspace)
                try await Self.readDetails(
                    of: workspace, into: &result, client: client, requests.details(for: result.workspaceID))
                return result
            }
        }
        var state = LiveState(
            serverURL: client.baseURL, organization: listing.organization.name, organizationID: listing.organization.id,
            sharingEnabled: listing.sharingSetting.map { $0 == "everyone" } ?? true,
            sharingSetting: listing.sharingSetting,
            capabilities: listing.capabilities, users: listing.users, groups: listing.groups,
            templates: listing.templates,
            workspaces: Dictionary(live.map { ($0.workspaceID, $0) }, uniquingKeysWith: { first, _ in first }))
        try await attachIdentity(
            to: &state, from: listing, desired: desired, details: details, templateACLs: templateACLs)
        state.wildcardHost = try await wildcardHost?.host
        return state
    }

    /// A governed workspace as the listing gives it: its sharing (when the listing carries it),
    /// link, share URL and agents.
    private static func start(_ listing: LiveListing, listsSharing: Bool)
        -> @Sendable (WorkspaceResponse) ->
        LiveState.Workspace
    {
        // Actors are keyed by id: a user actor's `name` is their display name, not their username.
        let names = ActorNames(
            users: Dictionary(listing.users.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first }),
            groups: Dictionary(listing.groups.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first }))
        let hasAdmission = listing.capabilities.admission
        return { workspace in
            var result = LiveState.Workspace(
                id: workspace.id, owner: workspace.ownerName, name: workspace.name, template: workspace.templateName,
                link: hasAdmission ? LinkLevel(rawValue: workspace.admission ?? "owner") ?? .owner : nil)
            result.shareURL = workspace.shareUrl
            result.agents = workspace.latestBuild?.agentNames
            // No `shared_with` key: shared with nobody (Coder omits it when empty).
            if listsSharing { for actor in workspace.sharedWith ?? [] { names.add(actor, to: &result) } }
            return result
        }
    }

    /// What is read of each governed workspace beyond the listing.
    struct Details {
        /// Its ACL, when the listing does not carry sharing.
        var acl: Bool
        var parameters: Bool
        var snapshots: Bool
        /// Its port shares (Coder has no listing of them: one request per workspace).
        var ports: Bool
    }

    /// The identity side of the live state: the members of the groups git declares (those are
    /// planned), or of every group with `details` (export) or `prune.groups`; template ACLs likewise.
    private func attachIdentity(
        to state: inout LiveState, from listing: LiveListing, desired: DesiredState, details: Bool,
        templateACLs read: [String: [Subject: Role]]?
    )
        async throws
    {
        state.userStatus = listing.userStatus
        let allGroups = details || desired.config.pruneGroups
        // The Everyone group's members are the organization's: never governed, never counted.
        for name in allGroups ? Array(listing.groupMembers.keys) : desired.groups.map(\.name)
        where name != Group.everyone {
            state.groupMembers[name] = listing.groupMembers[name]
            state.groupSources[name] = listing.groupSources[name]
            state.groupDisplayNames[name] = listing.groupDisplayNames[name]
        }
        if let read, !details {
            state.templateACLs = read
            return
        }
        let templates = details ? listing.templates.keys.sorted() : desired.templateAccess.map(\.template)
        state.templateACLs = try await templateACLs(templates, of: listing.templates)
    }

    /// Every group with its members, and (with `templates`) every template's ACL, as the server
    /// has them: for `atrium list --groups --templates`.
    package func identity(organization: String, templates: Bool) async throws -> IdentityListing {
        let listing = try await fetch(organization: organization)
        let acls = templates ? try await templateACLs(listing.templates.keys.sorted(), of: listing.templates) : [:]
        return IdentityListing(
            groups: listing.groupMembers.mapValues { $0.sorted() },
            templates: acls.mapValues { acl in
                Dictionary(acl.map { ($0.key.description, $0.value.rawValue) }, uniquingKeysWith: { first, _ in first })
            })
    }

    /// The ACLs of the templates git declares access to: one request each.
    package func templateACLs(_ names: [String], of templates: [String: LiveState.Template]) async throws
        -> [String: [Subject: Role]]
    {
        let client = self.client
        let wanted = names.compactMap { name in templates[name].map { (name: name, id: $0.id) } }
        let read = try await boundedMap(wanted, limit: parallelism) { template in
            let acl = try await client.get(TemplateACLResponse.self, "/templates/\(template.id)/acl")
            var roles: [Subject: Role] = [:]
            for user in acl.users ?? [] {
                if let name = user.username, let role = Role(rawValue: user.role) { roles[.user(name)] = role }
            }
            for group in acl.group ?? [] {
                if let name = group.name, let role = Role(rawValue: group.role) { roles[.group(name)] = role }
            }
            return (template.name, roles)
        }
        return Dictionary(read, uniquingKeysWith: { first, _ in first })
    }

    /// What the listing does not carry: the ACL (servers without `shared_with` in the listing),
    /// the latest build's parameters, the snapshots.
    private static func readDetails(
        of workspace: WorkspaceResponse, into result: inout LiveState.Workspace, client: ServerClient,
        _ wanted: Details
    ) async throws {
        if wanted.acl {
            let acl = try await client.get(ACLResponse.self, "/workspaces/\(workspace.id)/acl")
            for user in acl.users { if let role = Role(rawValue: user.role) { result.users[user.username] = role } }
            for group in acl.group { if let role = Role(rawValue: group.role) { result.groups[group.name] = role } }
        }
        if wanted.parameters, let build = workspace.latestBuild?.id {
            let read = try await client.get(BuildParametersResponse.self, "/workspacebuilds/\(build)/parameters")
            result.parameters = Dictionary(
                read.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        if wanted.snapshots {
            let snapshots = try await client.get([SnapshotResponse].self, "/workspaces/\(workspace.id)/snapshots")
            result.snapshots = Dictionary(snapshots.map { ($0.name, $0.url) }, uniquingKeysWith: { first, _ in first })
        }
        if wanted.ports { result.ports = try await Self.portShares(of: workspace.id, client: client) }
    }

    /// A workspace's port shares, in port order (Coder lists them one workspace at a time).
    static func portShares(of id: String, client: ServerClient) async throws -> [PortShare] {
        let shares = try await client.get(PortSharesResponse.self, "/workspaces/\(id)/port-share")
        return try (shares.shares ?? []).map(portShare).sorted()
    }

    /// A live share as the planner compares it; a level or protocol Atrium does not know is an
    /// error, never read as something narrower.
    static func portShare(_ share: PortShareResponse) throws -> PortShare {
        guard let level = PortShareLevel(rawValue: share.shareLevel),
            let proto = PortProtocol(rawValue: share.protocol ?? "http")
        else {
            throw ClientError(
                method: "GET", path: "/workspaces/{id}/port-share", status: 200,
                message:
                    "port \(share.port) is shared at level `\(share.shareLevel)` over "
                    + "`\(share.protocol ?? "http")`, which Atrium does not know"
            )
        }
        return PortShare(agent: share.agentName, port: share.port, level: level, protocol: proto)
    }

    /// `workspaces` with their port shares (one request each, as Coder has no listing of them),
    /// and the deployment's wildcard host for their URLs.
    package func withPorts(_ workspaces: [LiveState.Workspace]) async throws -> (
        workspaces: [LiveState.Workspace], wildcardHost: String?
    ) {
        let client = self.client
        let read = try await boundedMap(workspaces, limit: parallelism) { workspace in
            var result = workspace
            result.ports = try await Self.portShares(of: workspace.id, client: client)
            return result
        }
        return (read, try await client.getIfExists(AppHostResponse.self, "/applications/host")?.host)
    }

    /// Live workspaces matching a Coder search query (`shared:true`, `shared_with_user:bob`, ...),
    /// with their sharing, for listings.
    package func listWorkspaces(query: String, organization: String) async throws -> [LiveState.Workspace] {
        try await listWorkspaces(queries: [query], organization: organization)
    }

    /// The workspaces any of `queries` matches, each once in the order first found: the users
    /// and groups that name their sharing are read once for all of them.
    package func listWorkspaces(queries: [String], organization: String) async throws -> [LiveState.Workspace] {
        async let users = readUsers()
        async let groups = client.getIfExists(
            GroupListResponse.self, "/organizations/\(URLEncoding.pathSegment(organization))/groups")
        var workspaces: [WorkspaceResponse] = []
        var seen = Set<String>()
        for query in queries {
            let q = query.isEmpty ? "" : "&q=\(URLEncoding.queryValue(query))"
            let page = try await pages { offset, limit in
                let page = try await client.get(
                    WorkspacesPageResponse.self, "/workspaces?limit=\(limit)&offset=\(offset)\(q)")
                return (page.workspaces, page.count)
            }
            workspaces += page.filter { seen.insert($0.id).inserted }
        }
        let names = ActorNames(
            users: Dictionary(try await users.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first }),
            groups: Dictionary(
                (try await groups?.groups ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }))
        return workspaces.map { workspace in
            var result = LiveState.Workspace(
                id: workspace.id, owner: workspace.ownerName, name: workspace.name, template: workspace.templateName,
                link: workspace.admission.flatMap(LinkLevel.init(rawValue:)))
            result.shareURL = workspace.shareUrl
            for actor in workspace.sharedWith ?? [] { names.add(actor, to: &result) }
            // Without the admission extension (Coder), link sharing is the Everyone group's `use`.
            return workspace.admission == nil ? result.everyoneGroupAsLink() : result
        }
    }

    /// Whether the server has this user, or this group in `organization` (by name).
    package func exists(_ subject: Subject, organization: String) async throws -> Bool {
        switch subject {
        case .user(let name):
            return try await client.getIfExists(UserResponse.self, "/users/\(URLEncoding.pathSegment(name))") != nil
        case .group(let name):
            let path = "/organizations/\(URLEncoding.pathSegment(organization))/groups/\(URLEncoding.pathSegment(name))"
            return try await client.getIfExists(GroupResponse.self, path) != nil
        }
    }

    /// The names of the groups of `organization` (by name or id, as a path takes it) that
    /// `username` is a member of, from the organization's group listing (members included).
    package func groups(of username: String, organization: String) async throws -> [(name: String, id: String)] {
        let path = "/organizations/\(URLEncoding.pathSegment(organization))/groups"
        let listed = try await client.getIfExists(GroupListResponse.self, path)?.groups ?? []
        return listed.filter { group in group.members?.contains { $0.username == username } == true }
            .map { (name: $0.name, id: $0.id) }.sorted { $0.name < $1.name }
    }

    /// The names of the groups of `organizationID` that `username` is a member of (Coder's
    /// `GET /groups?has_member=`), for access reviews of one user.
    package func groups(of username: String, organizationID: String) async throws -> [String] {
        try await client.get(
            GroupListResponse.self,
            "/groups?organization=\(organizationID)&has_member=\(URLEncoding.queryValue(username))"
        ).groups.map(\.name).sorted()
    }

    /// Whether the workspace listing carries `shared_with`, decided once per server: so when a
    /// workspace has no key, it is shared with nobody and no ACL needs reading. A listing where
    /// some workspace has the key says yes; otherwise one search for a shared workspace answers
    /// (a server without sharing search is an older one: its ACLs are read one by one).
    func listingCarriesSharing(_ workspaces: [WorkspaceResponse]) async throws -> Bool {
        if workspaces.contains(where: { $0.sharedWith != nil }) { return true }
        guard !workspaces.isEmpty else { return true }
        let reply = try await client.send(.GET, "/workspaces?limit=1&q=\(URLEncoding.queryValue("shared:true"))")
        guard reply.status == 200,
            let page = try? ServerClient.decode(WorkspacesPageResponse.self, from: reply.body)
        else { return false }
        return page.workspaces.first.map { $0.sharedWith != nil } ?? true
    }

    /// Every user's name, and the status of those who are not active.
    package func userStatuses() async throws -> (users: Set<String>, status: [String: String]) {
        let users = try await readUsers()
        var status: [String: String] = [:]
        for user in users where (user.status ?? "active") != "active" { status[user.username] = user.status }
        return (Set(users.map(\.username)), status)
    }

    private func readUsers() async throws -> [UserResponse] {
        try await pages { offset, limit in
            let page = try await client.get(UsersPageResponse.self, "/users?limit=\(limit)&offset=\(offset)")
            return (page.users, page.count)
        }
    }

    private func readWorkspaces() async throws -> [WorkspaceResponse] {
        try await pages { offset, limit in
            let page = try await client.get(WorkspacesPageResponse.self, "/workspaces?limit=\(limit)&offset=\(offset)")
            return (page.workspaces, page.count)
        }
    }

    /// Reads the first page, then the rest in parallel: in pages of `pageSize`, or in about 32
    /// larger ones (at most `maxPageSize`) when there are many, since each page costs the
    /// server a count of every row and a walk past its offset (Coder allows any limit). Larger
    /// pages go fewer at a time, so that the rows in flight (which the server holds while it
    /// writes them) stay those of `parallelism` pages of `pageSize`, at most 16. A page that
    /// comes back short (a server that caps the limit) is completed from where it stopped.
    private func pages<T: Sendable>(
        _ fetch: @escaping @Sendable (_ offset: Int, _ limit: Int) async throws -> ([T], Int)
    ) async throws -> [T] {
        let (first, count) = try await fetch(0, pageSize)
        guard count > first.count, !first.isEmpty else { return first }
        let size = min(max(pageSize, (count - first.count) / 32), max(pageSize, Self.maxPageSize))
        let inFlight = max(1, min(parallelism, 16) * pageSize / size)
        let offsets = Array(stride(from: first.count, to: count, by: size))
        let rest = try await boundedMap(offsets, limit: inFlight) { offset in
            let wanted = min(size, count - offset)
            var items: [T] = []
            while items.count < wanted {
                let (page, _) = try await fetch(offset + items.count, wanted - items.count)
                if page.isEmpty { break }  // the list shrank meanwhile
                items += page
            }
            return items
        }
        return first + rest.flatMap { $0 }
    }

    static let maxPageSize = 2_000
}

package import AtriumCore
import Foundation
import NIOHTTP1
import Synchronization

/// Applies a plan: creates first, then one unit per workspace (one ACL PATCH carrying all its
/// sharing changes, then link sharing, then snapshots), then releases; units run with bounded
/// parallelism. A failed unit does not stop the others; the report says exactly what happened.
package struct PlanExecutor: Sendable {
    package let client: ServerClient
    package let live: LiveState
    package let parallelism: Int
    package let stop: StopFlag
    /// Called after each unit with (done, total).
    package let progress: @Sendable (Int, Int) -> Void
    /// Groups this run created, by name (the workspaces' grants to them need their ids).
    let groupIDs = CreatedIDs()

    package init(
        client: ServerClient, live: LiveState, parallelism: Int = 8, stop: StopFlag = StopFlag(),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) {
        self.client = client
        self.live = live
        self.parallelism = parallelism
        self.stop = stop
        self.progress = progress
    }

    /// One workspace's actions, as positions in the plan: a plan of 100,000 changes is not
    /// copied into its units (only the units in flight hold their actions).
    struct Unit: Sendable {
        var workspace: String
        var positions: [Int]
    }

    package func apply(_ plan: Plan) async -> ApplyReport {
        let actions = plan.actions
        var entries: [ApplyReport.Entry] = []
        entries.reserveCapacity(actions.count)
        client.beginPhase()
        // The organization's setting first: it decides whether anything may be shared. Then the
        // declared groups, which the workspaces' grants may name, then the templates' ACLs.
        var organization: [Int] = []
        var groups = OrderedUnits()
        var templates = OrderedUnits()
        var workspaces = OrderedUnits()
        for index in actions.indices {
            switch actions[index].target {
            case .organization: organization.append(index)
            case .group(let name): groups.add(name, index)
            case .template(let name): templates.add(name, index)
            case .workspace(let id): workspaces.add(id.description, index)
            }
        }
        for index in organization {
            entries += await run(
                Unit(workspace: actions[index].workspace, positions: [index]), of: actions, ids: CreatedIDs())
        }
        for unit in groups.units + templates.units { entries += await run(unit, of: actions, ids: CreatedIDs()) }
        // One unit per workspace. A workspace the plan creates is created first in its unit and
        // shared right after, without waiting for every other create: on a remote server the
        // creates and the patches overlap instead of taking two rounds of round trips.
        let units = workspaces.units
        workspaces = OrderedUnits()
        let done = Counter()
        let createdIDs = CreatedIDs()
        var unitResults = await boundedMap(units, limit: parallelism) { unit -> [ApplyReport.Entry] in
            let entries = await self.run(unit, of: actions, ids: createdIDs)
            self.progress(done.increment(), units.count)
            return entries
        }
        Self.move(&unitResults, into: &entries)
        return ApplyReport(entries: entries, requests: client.requestCount, interrupted: stop.isStopped)
    }

    /// Appends every unit's entries, freeing each unit's as it goes.
    private static func move(_ results: inout [[ApplyReport.Entry]], into entries: inout [ApplyReport.Entry]) {
        for index in results.indices {
            entries += results[index]
            results[index] = []
        }
        results = []
    }

    /// Runs one workspace's actions in order; after a failure the rest are not attempted.
    func run(_ unit: Unit, of plan: [PlanAction], ids: CreatedIDs) async -> [ApplyReport.Entry] {
        let positions = unit.positions
        if stop.isStopped {
            return positions.map {
                ApplyReport.Entry(actions: plan, position: $0, outcome: .notAttempted, error: "stopped (Ctrl-C)")
            }
        }
        var entries: [ApplyReport.Entry] = []
        var failure: String?
        let steps = Self.steps(of: positions, in: plan)
        for step in steps {
            if let failure {
                entries += step.map {
                    ApplyReport.Entry(
                        actions: plan, position: $0, outcome: .notAttempted,
                        error: "an earlier change to this workspace failed: \(failure)")
                }
                continue
            }
            do {
                let url = try await perform(step.map { plan[$0] }, workspace: unit.workspace, ids: ids)
                entries += step.map { position in
                    ApplyReport.Entry(
                        actions: plan, position: position, outcome: .applied,
                        url: plan[position].change.answersURL ? url : nil)
                }
            } catch {
                let message = String(describing: error)
                failure = message
                entries += step.map { ApplyReport.Entry(actions: plan, position: $0, outcome: .failed, error: message) }
            }
        }
        return entries
    }

    /// The server's UUID for `owner/name`: from the live state, or from this run's creates.
    func workspaceID(_ name: String, ids: CreatedIDs) throws -> String {
        if let id = WorkspaceID(name).flatMap({ live.workspaces[$0]?.id }) ?? ids.get(name) { return id }
        throw ClientError(method: "-", path: name, status: nil, message: "the workspace's ID is unknown")
    }

    /// Performs one step; returns a snapshot's URL when the step took one.
    func perform(_ step: [PlanAction], workspace: String, ids: CreatedIDs) async throws -> String? {
        guard let first = step.first else { return nil }
        switch first.change {
        case .createWorkspace(let id, let template, let parameters):
            try await create(id, template: template, parameters: parameters, ids: ids)
        case .grant, .changeRole, .revoke, .link(_, _, _, .everyoneGroup):
            try await patchACL(step, workspace: workspace, ids: ids)
        case .link(_, _, let to, .admission):
            let reply = try await client.write(
                .PUT, "/workspaces/\(try workspaceID(workspace, ids: ids))/admission",
                AdmissionBody(level: to.rawValue), expected: [200, 204])
            // The URL to hand out, once the workspace is shared by link.
            return to == .everyone
                ? (try? ServerClient.decode(WorkspaceResponse.self, from: reply.body))?.shareUrl : nil
        case .snapshot(_, let name):
            return try await snapshot(name, of: try workspaceID(workspace, ids: ids))
        case .orgSetting(_, _, let to):
            let path = "/organizations/\(live.organizationID)/settings/workspace-sharing"
            try await client.write(.PATCH, path, SharingSettingsResponse(shareableWorkspaceOwners: to), expected: [200])
        case .release(_, let closesLink):
            try await release(try workspaceID(workspace, ids: ids), closingLink: closesLink)
        case .createGroup(let name, let displayName):
            try await createGroup(name, displayName: displayName)
        case .addMember, .removeMember, .setGroupDisplayName:
            try await patchMembers(step)
        case .deleteGroup(let name):
            try await deleteGroup(name)
        case .templateGrant, .templateRevoke:
            try await patchTemplateACL(step)
        case .sharePort(let id, let share, _):
            return try await sharePort(share, on: id, ids: ids)
        case .unsharePort(let id, let share):
            try await unsharePort(share, on: id, ids: ids)
        }
        return nil
    }

    /// Creates the workspace; a 409 on a retried create whose first attempt went through reads
    /// the workspace that exists now.
    private func create(
        _ id: WorkspaceID, template name: String, parameters: [String: String], ids: CreatedIDs
    ) async throws {
        let workspace = id.description
        guard let template = live.templates[name] else {
            throw ClientError(method: "POST", path: workspace, status: nil, message: "unknown template \(name)")
        }
        let parameters = parameters.sorted { $0.key < $1.key }
        let body = CreateWorkspaceBody(
            name: id.name, templateId: template.id,
            richParameterValues: parameters.map { .init(name: $0.key, value: $0.value) })
        let path = "/organizations/\(live.organizationID)/members/\(URLEncoding.pathSegment(id.owner))/workspaces"
        let reply = try await client.write(.POST, path, body, expected: [200, 201, 409])
        let created: WorkspaceResponse
        if reply.status == 409 {
            created = try await client.get(
                WorkspaceResponse.self,
                "/users/\(URLEncoding.pathSegment(id.owner))/workspace/\(URLEncoding.pathSegment(id.name))")
        } else {
            created = try ServerClient.decode(WorkspaceResponse.self, from: reply.body)
        }
        ids.set(workspace, created.id)
        // Its only agent, for port shares git declares without naming one.
        if let agents = created.latestBuild?.agentNames, agents.count == 1 {
            ids.set(CreatedIDs.agentKey(workspace), agents[0])
        }
    }

    /// Shares a port (Coder's upsert); answers where Coder serves a shared port.
    private func sharePort(_ share: PortShare, on id: WorkspaceID, ids: CreatedIDs) async throws -> String? {
        let path = "/workspaces/\(try workspaceID(id.description, ids: ids))/port-share"
        let agent = try agent(of: share, on: id, path: path, ids: ids)
        let body = PortShareResponse(
            agentName: agent, port: share.port, shareLevel: share.level.rawValue, protocol: share.protocol.rawValue)
        try await client.write(.POST, path, body, expected: [200])
        var shared = share
        shared.agent = agent
        return live.url(of: shared, on: id)
    }

    /// Deletes a port share; 404 means it is gone already (a retried delete, or removed meanwhile).
    private func unsharePort(_ share: PortShare, on id: WorkspaceID, ids: CreatedIDs) async throws {
        let path = "/workspaces/\(try workspaceID(id.description, ids: ids))/port-share"
        let agent = try agent(of: share, on: id, path: path, ids: ids)
        try await client.write(
            .DELETE, path, DeletePortShareRequest(agentName: agent, port: share.port), expected: [200, 204, 404])
    }

    /// The agent a share is on: the one it names, or a workspace this run created's only agent.
    private func agent(of share: PortShare, on id: WorkspaceID, path: String, ids: CreatedIDs) throws -> String {
        guard share.agent.isEmpty else { return share.agent }
        guard let agent = ids.get(CreatedIDs.agentKey(id.description)) else {
            throw ClientError(
                method: "POST", path: path, status: nil,
                message: "the new workspace has no single agent to share port \(share.port) of; name one with `agent:`")
        }
        return agent
    }

    /// One ACL PATCH carrying every share, role change and unshare of the workspace.
    private func patchACL(_ step: [PlanAction], workspace: String, ids: CreatedIDs) async throws {
        var users: [String: String] = [:]
        var groups: [String: String] = [:]
        for action in step {
            guard let (subject, role) = action.change.workspaceACLEntry else { continue }
            switch subject {
            case .user(let name):
                guard let id = live.users[name] else {
                    throw ClientError(method: "PATCH", path: workspace, status: nil, message: "unknown user \(name)")
                }
                users[id] = role
            case .group(let name):
                guard let id = live.groups[name] ?? groupIDs.get(name) else {
                    throw ClientError(method: "PATCH", path: workspace, status: nil, message: "unknown group \(name)")
                }
                groups[id] = role
            }
        }
        try await client.write(
            .PATCH, "/workspaces/\(try workspaceID(workspace, ids: ids))/acl",
            UpdateACLBody(userRoles: users, groupRoles: groups), expected: [200, 204])
    }

    /// Takes the snapshot (or, on a 409 for a retried one, finds it); answers its URL.
    private func snapshot(_ name: String, of id: String) async throws -> String? {
        let reply = try await client.write(
            .POST, "/workspaces/\(id)/snapshots", SnapshotBody(name: name), expected: [200, 201, 409])
        guard reply.status == 409 else {
            return try ServerClient.decoder.decode(SnapshotResponse.self, from: reply.body).url
        }
        let existing = try await client.get([SnapshotResponse].self, "/workspaces/\(id)/snapshots")
        guard let snapshot = existing.first(where: { $0.name == name }) else {
            throw ClientError(
                method: "POST", path: "/workspaces/\(id)/snapshots", status: 409,
                message: ServerClient.message(from: reply.body))
        }
        return snapshot.url
    }

    /// Clears every grant, and closes the link when it was open.
    private func release(_ id: String, closingLink: Bool) async throws {
        let reply = try await client.send(.DELETE, "/workspaces/\(id)/acl")
        guard reply.status == 204 || reply.status == 200 else {
            throw ClientError(
                method: "DELETE", path: "/workspaces/\(id)/acl", status: reply.status,
                message: ServerClient.message(from: reply.body))
        }
        guard closingLink else { return }
        try await client.write(
            .PUT, "/workspaces/\(id)/admission", AdmissionBody(level: "owner"), expected: [200, 204])
    }
}

/// The ids of what this run created, by name: workspaces by `owner/name`, groups by name.
final class CreatedIDs: Sendable {
    private let ids = Mutex<[String: String]>([:])

    func set(_ name: String, _ id: String) { ids.withLock { $0[name] = id } }
    func get(_ name: String) -> String? { ids.withLock { $0[name] } }

    /// Where a created workspace's only agent is kept.
    static func agentKey(_ workspace: String) -> String { "agent of \(workspace)" }
}

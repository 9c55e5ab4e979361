import AtriumCore
import Hummingbird

/// Port sharing and the wildcard host, as Coder answers them: coderd/workspaceportshare.go (the
/// checks in its order: level, port, protocol, the template's maximum, the agent), the levels'
/// order from codersdk/workspaceportshare.go (`IsCompatibleWithMaxLevel`), and the template's
/// maximum enforced as Coder Enterprise's port sharer does.
struct PortSharingRoutes {
    let store: Store
    let workspaces: WorkspacesRoutes

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.get("applications/host") { _, context in
            _ = try context.requireActor()
            return AppHostJSON(host: store.wildcardHost)
        }
        api.get("workspaces/{workspace}/port-share") { _, context in
            let shares = try await store.portShares(
                workspaceID: try context.parameters.require("workspace"), readableBy: try context.requireActor())
            return PortSharesJSON(shares: shares.map(PortShareJSON.init))
        }
        api.post("workspaces/{workspace}/port-share") { request, context in
            let workspace = try await updatable(context)
            let body = try await request.decode(as: UpsertPortShareRequest.self, context: context)
            let share = try Self.check(body, workspace: workspace)
            return PortShareJSON(try await store.upsertPortShare(share))
        }
        api.delete("workspaces/{workspace}/port-share") { request, context in
            let workspace = try await updatable(context)
            let body = try await request.decode(as: DeletePortShareRequest.self, context: context)
            guard
                try await store.deletePortShare(
                    workspaceID: workspace.id, agentName: body.agentName ?? "", port: body.port ?? 0)
            else {
                throw APIError(.notFound, "Port share not found.")
            }
            return Response(status: .ok)
        }
    }

    /// The workspace, when the caller may change it (its owner, a site admin, or an `admin` grant).
    private func updatable(_ context: AtriumRequestContext) async throws -> WorkspaceRecord {
        let (workspace, access) = try await workspaces.readable(context)
        guard access >= .admin else {
            throw APIError.forbidden("Only the owner, site admins and workspace admins may share its ports.")
        }
        return workspace
    }

    /// Coder's checks of an upsert, in its order; the share to write.
    static func check(_ body: UpsertPortShareRequest, workspace: WorkspaceRecord) throws -> PortShareRecord {
        let level = body.shareLevel.flatMap(PortShareLevel.init(rawValue:))
        guard let level, level != .owner else {
            throw APIError.badRequest("Port sharing level not allowed.", field: "share_level")
        }
        let port = body.port ?? 0
        guard (9...65535).contains(port) else {
            throw APIError.badRequest("Port must be between 9 and 65535.", field: "port")
        }
        guard let proto = body.protocol.flatMap(PortProtocol.init(rawValue:)) else {
            throw APIError(.badRequest, "Port protocol not allowed.")
        }
        let maximum = PortShareLevel(rawValue: workspace.template.maxPortShareLevel) ?? .owner
        guard level <= maximum else {
            throw APIError(
                .badRequest,
                "\"\(level.rawValue)\" sharing level is not allowed under max level \"\(maximum.rawValue)\"")
        }
        guard body.agentName == WorkspaceResourceJSON.agentName else {
            throw APIError(.badRequest, "Agent not found.")
        }
        return PortShareRecord(
            workspaceID: workspace.id, agentName: WorkspaceResourceJSON.agentName, port: port,
            shareLevel: level.rawValue, protocol: proto.rawValue)
    }
}

extension PortShareJSON {
    init(_ record: PortShareRecord) {
        self.init(
            workspaceId: record.workspaceID, agentName: record.agentName, port: record.port,
            shareLevel: record.shareLevel, protocol: record.protocol)
    }
}

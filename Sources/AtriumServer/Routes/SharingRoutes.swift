import AtriumCore
import Hummingbird

/// Workspace ACLs, link sharing (admission) and snapshots.
struct SharingRoutes {
    let store: Store
    let workspaces: WorkspacesRoutes

    /// `extensions`: link sharing and snapshots, which Coder does not have (off under `--coder-only`).
    func register(on api: RouterGroup<AtriumRequestContext>, extensions: Bool = true) {
        api.get("workspaces/{workspace}/acl") { _, context in
            let acl = try await store.workspaceACL(
                id: try context.parameters.require("workspace"), actor: try context.requireActor())
            return WorkspaceACLJSON(users: acl.users, groups: acl.groups)
        }
        api.patch("workspaces/{workspace}/acl") { request, context in
            let actor = try context.requireActor()
            let id = try context.parameters.require("workspace")
            // As Coder: a disabled organization answers 403 before the body is read.
            let ownerID = try await store.checkSharingAllowed(workspaceID: id, actor: actor)
            let body = try await request.decode(as: UpdateWorkspaceACLRequest.self, context: context)
            try await store.patchACL(
                workspaceID: id, actor: actor, ownerID: ownerID, userRoles: body.userRoles ?? [:],
                groupRoles: body.groupRoles ?? [:])
            return Response(status: .noContent)
        }
        api.delete("workspaces/{workspace}/acl") { _, context in
            let actor = try context.requireActor()
            try await store.clearACL(workspaceID: try context.parameters.require("workspace"), actor: actor)
            return Response(status: .noContent)
        }
        guard extensions else { return }
        api.put("workspaces/{workspace}/admission") { request, context in
            let actor = try context.requireActor()
            let body = try await request.decode(as: AdmissionRequest.self, context: context)
            guard ["owner", "everyone"].contains(body.level) else {
                throw APIError.badRequest(
                    "Invalid admission level.", field: "level", detail: "must be \"owner\" or \"everyone\"")
            }
            let workspace = try await store.setAdmission(
                workspaceID: try context.parameters.require("workspace"), actor: actor, level: body.level)
            return workspaces.json(workspace)
        }
        api.post("workspaces/{workspace}/snapshots") { request, context in
            let actor = try context.requireActor()
            let body = try await request.decode(as: CreateSnapshotRequest.self, context: context)
            if let problem = NameRules.problem(with: body.name, maxLength: 64) {
                throw APIError.badRequest("Invalid snapshot name.", field: "name", detail: "name \(problem)")
            }
            let snapshot = try await store.createSnapshot(
                workspaceID: try context.parameters.require("workspace"), actor: actor, name: body.name)
            return EditedResponse(status: .created, response: SnapshotJSON(snapshot, baseURL: store.baseURL))
        }
        api.get("workspaces/{workspace}/snapshots") { _, context in
            let (workspace, _) = try await workspaces.readable(context, least: .use)
            return try await store.snapshots(workspaceID: workspace.id).map { SnapshotJSON($0, baseURL: store.baseURL) }
        }
    }
}

import AtriumCore
import Foundation
import NIOHTTP1

extension PlanExecutor {
    /// `POST /organizations/{org}/groups`; a 409 on a retried create whose first attempt went
    /// through reads the group that exists now.
    func createGroup(_ name: String, displayName: String?) async throws {
        let path = "/organizations/\(live.organizationID)/groups"
        let reply = try await client.write(
            .POST, path, CreateGroupBody(name: name, displayName: displayName ?? ""), expected: [200, 201, 409])
        if reply.status == 409 {
            let existing = try await client.get(
                GroupResponse.self,
                "/organizations/\(live.organizationID)/groups/\(URLEncoding.pathSegment(name))")
            groupIDs.set(name, existing.id)
            return
        }
        groupIDs.set(name, try ServerClient.decode(GroupResponse.self, from: reply.body).id)
    }

    /// One `PATCH /groups/{id}` with the members who join and leave, by user id.
    func patchMembers(_ step: [PlanAction]) async throws {
        guard case .group(let name)? = step.first?.target else { return }
        guard let id = live.groups[name] ?? groupIDs.get(name) else {
            throw ClientError(method: "PATCH", path: "group \(name)", status: nil, message: "the group's ID is unknown")
        }
        var add: [String] = []
        var remove: [String] = []
        var displayName: String?
        func userID(_ user: String) throws -> String {
            guard let userID = live.users[user] else {
                throw ClientError(method: "PATCH", path: "/groups/\(id)", status: nil, message: "unknown user \(user)")
            }
            return userID
        }
        for action in step {
            switch action.change {
            case .setGroupDisplayName(_, _, let to): displayName = to
            case .addMember(_, let user): add.append(try userID(user))
            case .removeMember(_, let user): remove.append(try userID(user))
            default: continue
            }
        }
        try await client.write(
            .PATCH, "/groups/\(id)", PatchGroupBody(addUsers: add, removeUsers: remove, displayName: displayName),
            expected: [200])
    }

    /// `DELETE /groups/{id}`; one already gone is no error.
    func deleteGroup(_ name: String) async throws {
        guard let id = live.groups[name] else { return }
        let reply = try await client.send(.DELETE, "/groups/\(id)")
        guard reply.status == 200 || reply.status == 204 || reply.status == 404 else {
            throw ClientError(
                method: "DELETE", path: "/groups/\(id)", status: reply.status,
                message: ServerClient.message(from: reply.body))
        }
    }
}

extension PlanExecutor {
    /// Coder's `UpdateTemplateACL`: ids to `use`, `admin`, or `""` (removed); the Everyone
    /// group's id is the organization's.
    func patchTemplateACL(_ step: [PlanAction]) async throws {
        guard case .template(let name)? = step.first?.target, let template = live.templates[name] else { return }
        var users: [String: String] = [:]
        var groups: [String: String] = [:]
        for action in step {
            guard let (subject, role) = action.change.templateACLEntry else { continue }
            switch subject {
            case .user(let user):
                guard let id = live.users[user] else {
                    throw ClientError(
                        method: "PATCH", path: "template \(name)", status: nil, message: "unknown user \(user)")
                }
                users[id] = role
            case .group(let group):
                let id = group == Group.everyone ? live.organizationID : live.groups[group] ?? groupIDs.get(group)
                guard let id else {
                    throw ClientError(
                        method: "PATCH", path: "template \(name)", status: nil, message: "unknown group \(group)")
                }
                groups[id] = role
            }
        }
        try await client.write(
            .PATCH, "/templates/\(template.id)/acl", UpdateTemplateACLBody(userPerms: users, groupPerms: groups),
            expected: [200])
    }
}

/// Coder's `UpdateTemplateACL`.
struct UpdateTemplateACLBody: Encodable {
    var userPerms: [String: String]
    var groupPerms: [String: String]
}

/// Coder's `CreateGroupRequest`.
struct CreateGroupBody: Encodable {
    var name: String
    var displayName: String
}

/// Coder's `PatchGroupRequest`: membership and display name.
struct PatchGroupBody: Encodable {
    var addUsers: [String]
    var removeUsers: [String]
    /// Sent only when it changes.
    var displayName: String?
}

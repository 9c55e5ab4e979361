import AtriumCore
import Foundation
import NIOHTTP1
import Synchronization

/// Asks Coder's `POST /authcheck` what the token may do before planning: a token that cannot
/// read and update every workspace of the organization would plan creates for workspaces that
/// exist but are invisible to it. Unless the scope is limited to the token's own workspaces
/// (`scope: declared` and every declared workspace its user's), that is refused, naming what is
/// missing. Servers without `/authcheck` are not asked.
struct PermissionCheck {
    let client: ServerClient

    struct Me: Decodable {
        var id: String
        var username: String
    }

    /// `nil` when the token may plan this state; otherwise what it lacks.
    func missing(organizationID: String, organization: String, desired: DesiredState) async throws -> String? {
        // An Owner may do everything; the identity was read with the live state.
        if client.bypassesRateLimit.load(ordering: .relaxed) { return nil }
        let known = client.identity.withLock { $0 }
        let me: Me
        if let known {
            me = Me(id: known.id, username: known.username)
        } else {
            me = try await client.get(Me.self, "/users/me")
        }
        let actions = ["read", "update"]
        var checks: [String: Any] = [:]
        for action in actions {
            checks[action] = [
                "object": ["resource_type": "workspace", "organization_id": organizationID], "action": action,
            ]
        }
        let reply = try await client.send(
            .POST, "/authcheck", body: try JSONSerialization.data(withJSONObject: ["checks": checks]))
        guard reply.status == 200, let answers = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Bool]
        else { return nil }
        let lacking = actions.filter { answers[$0] != true }
        guard !lacking.isEmpty else { return nil }
        let ownOnly = desired.config.scope == .declared && desired.workspaces.allSatisfy { $0.owner == me.username }
        guard !ownOnly else { return nil }
        let others = desired.workspaces.first { $0.owner != me.username }.map { " (git declares `\($0.id)`)" } ?? ""
        return
            "the token of \(me.username) may not \(lacking.joined(separator: " or ")) every workspace of organization \(organization)\(others), so what it cannot see would be planned as missing; use an Owner's token, or declare only \(me.username)'s workspaces (scope: declared)"
    }
}

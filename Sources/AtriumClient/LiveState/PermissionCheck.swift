package import AtriumCore
import Foundation
import NIOHTTP1
import Synchronization

/// Asks Coder's `POST /authcheck` what the token may do before planning: a token that cannot
/// read and update every workspace of the organization would plan creates for workspaces that
/// exist but are invisible to it. Unless the scope is limited to the token's own workspaces
/// (`scope: declared` and every declared workspace its user's), that is refused, naming what is
/// missing. Servers without `/authcheck` are not asked.
package struct PermissionCheck {
    package init(client: ServerClient) { self.client = client }

    let client: ServerClient

    struct Me: Decodable {
        var id: String
        var username: String
    }

    /// `nil` when the token may plan this state; otherwise what it lacks.
    package func missing(organizationID: String, organization: String, desired: DesiredState) async throws -> String? {
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
        let reply = try await client.send(
            .POST, "/authcheck", body: Data(Self.checks(actions, organizationID: organizationID)))
        guard reply.status == 200, let answers = try? Self.answers(reply.body) else { return nil }
        let lacking = actions.filter { answers[$0] != true }
        guard !lacking.isEmpty else { return nil }
        let ownOnly = desired.config.scope == .declared && desired.workspaces.allSatisfy { $0.owner == me.username }
        guard !ownOnly else { return nil }
        let others = desired.workspaces.first { $0.owner != me.username }.map { " (git declares `\($0.id)`)" } ?? ""
        return
            "the token of \(me.username) may not \(lacking.joined(separator: " or ")) every workspace of "
            + "organization \(organization)\(others), so what it cannot see would be planned as missing; "
            + "use an Owner's token, or declare only \(me.username)'s workspaces (scope: declared)"
    }

    /// `{"checks": {"read": {"object": {…}, "action": "read"}, …}}`, one check per action.
    static func checks(_ actions: [String], organizationID: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.object { body in
            body.key("checks")
            body.object { checks in
                for action in actions {
                    checks.key(action)
                    checks.object { check in
                        check.key("object")
                        check.object { object in
                            object.key("resource_type")
                            object.string("workspace")
                            object.key("organization_id")
                            object.string(organizationID)
                        }
                        check.key("action")
                        check.string(action)
                    }
                }
            }
        }
        return writer.bytes
    }

    /// The answer: each check's name and whether it is allowed.
    static func answers(_ body: Data) throws -> [String: Bool] {
        var reader = JSONReader(body)
        var answers: [String: Bool] = [:]
        try reader.object { reader, key in answers[try reader.name(key)] = try reader.bool() }
        try reader.finish()
        return answers
    }
}

import AtriumTestSupport
import Foundation
import Testing

/// Port sharing answers as Coder's code does: coderd/workspaceportshare.go (its checks in
/// order, the upsert, the listing in port order, 404 for a share that is not there), the levels'
/// order of codersdk/workspaceportshare.go (`IsCompatibleWithMaxLevel`) against the template's
/// maximum (Coder Enterprise's port sharer), and `GET /applications/host`. SQLite and PostgreSQL.
@Suite struct PortSharingFidelityTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: alice}, {username: bob}]
        templates:
          - {name: go-dev, maxPortShareLevel: authenticated}
          - {name: closed}
        workspaces:
          - {owner: alice, name: api, template: go-dev}
          - {owner: alice, name: shut, template: closed}
        """

    func share(_ server: ServedServer, _ workspace: String, _ body: [String: Any], token: String? = nil) async throws
        -> ServedServer.Reply
    {
        try await server.request("POST", "/workspaces/\(workspace)/port-share", token: token, body: body)
    }

    func shares(_ server: ServedServer, _ workspace: String) async throws -> [String] {
        let reply = try await server.request("GET", "/workspaces/\(workspace)/port-share")
        let list = reply.object["shares"] as? [[String: Any]]
        return (list ?? []).map {
            "\($0["agent_name"] as? String ?? "?"):\($0["port"] as? Int ?? 0)="
                + "\($0["share_level"] as? String ?? "?")/\($0["protocol"] as? String ?? "?")"
        }
    }

    @Test(arguments: ServedServer.Variant.all)
    func upsertsAreCheckedInCodersOrder(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let api = try await server.request("GET", "/users/alice/workspace/api")
            let id = try #require(api.object["id"] as? String)
            let build = api.object["latest_build"] as? [String: Any]
            let agents = ((build?["resources"] as? [[String: Any]])?.first?["agents"] as? [[String: Any]]) ?? []
            #expect(agents.map { $0["name"] as? String } == ["main"], "one agent, as Coder's templates name it")

            let owner = try await share(server, id, ["agent_name": "main", "port": 8080, "share_level": "owner"])
            #expect(owner.status == 400 && owner.message == "Port sharing level not allowed.")
            #expect(owner.validations.map(\.field) == ["share_level"])
            let port = try await share(
                server, id, ["agent_name": "main", "port": 8, "share_level": "authenticated", "protocol": "http"])
            #expect(port.status == 400 && port.message == "Port must be between 9 and 65535.")
            let proto = try await share(
                server, id, ["agent_name": "main", "port": 8080, "share_level": "authenticated", "protocol": "ftp"])
            #expect(proto.status == 400 && proto.message == "Port protocol not allowed.")
            let above = try await share(
                server, id, ["agent_name": "main", "port": 8080, "share_level": "public", "protocol": "http"])
            #expect(above.status == 400)
            #expect(above.message == "\"public\" sharing level is not allowed under max level \"authenticated\"")
            let agent = try await share(
                server, id, ["agent_name": "side", "port": 8080, "share_level": "authenticated", "protocol": "http"])
            #expect(agent.status == 400 && agent.message == "Agent not found.")

            let created = try await share(
                server, id, ["agent_name": "main", "port": 8080, "share_level": "authenticated", "protocol": "http"])
            #expect(created.status == 200 && created.object["share_level"] as? String == "authenticated")
            #expect(created.object["workspace_id"] as? String == id)
            let again = try await share(
                server, id, ["agent_name": "main", "port": 8080, "share_level": "organization", "protocol": "https"])
            #expect(again.status == 200, "an upsert")
            _ = try await share(
                server, id, ["agent_name": "main", "port": 3000, "share_level": "authenticated", "protocol": "http"])
            #expect(try await shares(server, id) == ["main:3000=authenticated/http", "main:8080=organization/https"])
        }
    }

    @Test(arguments: ServedServer.Variant.all)
    func deletesListingsAndWhoMayShare(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: Self.seed, extra: ["--wildcard-access-url", "*.apps.test"]) {
            server in
            let id = try #require(try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String)
            let shut = try #require(
                try await server.request("GET", "/users/alice/workspace/shut").object["id"] as? String)
            #expect(try await shares(server, id) == [])
            let raw = try await server.request("GET", "/workspaces/\(id)/port-share")
            #expect(String(decoding: raw.body, as: UTF8.self).contains("\"shares\":[]"), "an empty list, not null")
            let closed = try await share(
                server, shut, ["agent_name": "main", "port": 8080, "share_level": "organization", "protocol": "http"])
            #expect(
                closed.message == "\"organization\" sharing level is not allowed under max level \"owner\"",
                "a template's maximum is owner unless raised, as on Coder Enterprise")

            let missing = try await server.request(
                "DELETE", "/workspaces/\(id)/port-share", body: ["agent_name": "main", "port": 8080])
            #expect(missing.status == 404 && missing.message == "Port share not found.")
            _ = try await share(
                server, id, ["agent_name": "main", "port": 8080, "share_level": "authenticated", "protocol": "http"])
            let deleted = try await server.request(
                "DELETE", "/workspaces/\(id)/port-share", body: ["agent_name": "main", "port": 8080])
            let left = try await shares(server, id)
            #expect(deleted.status == 200 && left.isEmpty)

            let bob = try await server.user("bob")
            let hidden = try await server.request("GET", "/workspaces/\(id)/port-share", token: bob.token)
            #expect(hidden.status == 404, "not readable, not there")
            let host = try await server.request("GET", "/applications/host", token: bob.token)
            #expect(host.status == 200 && host.object["host"] as? String == "*.apps.test")
        }
    }
}

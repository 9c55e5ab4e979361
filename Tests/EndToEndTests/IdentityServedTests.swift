import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// Groups and template access reconciled against `atrium serve` on SQLite and PostgreSQL (and
/// with only Coder's surface): created and filled as git declares, a member or a template grant
/// added by hand is drift for reconcile and access, and is removed on apply.
@Suite struct IdentityServedTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: alice}, {username: bob}, {username: carol}]
        templates: [{name: go-dev}]
        """

    func atrium(_ server: ServedServer, _ repo: PortSharingTests.Repository, _ arguments: [String]) async throws
        -> Binary.Result
    {
        try await Binary.atrium(
            arguments + ["--server", server.baseURL], in: repo.url,
            environment: ["ATRIUM_TOKEN": server.adminToken, "NO_COLOR": "1"])
    }

    func members(_ server: ServedServer, _ group: String) async throws -> [String] {
        let reply = try await server.request("GET", "/organizations/default/groups/\(group)")
        return ((reply.object["members"] as? [[String: Any]]) ?? []).compactMap { $0["username"] as? String }.sorted()
    }

    @Test(arguments: ServedServer.Variant.all)
    func membershipAndTemplateAccessConvergeAndDriftIsRemoved(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let repo = try await PortSharingTests.Repository()
            defer { try? FileManager.default.removeItem(at: repo.url) }
            try await repo.commit([
                "groups.yaml": "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [alice]}\n",
                "access.yaml": "apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: go-dev}\n"
                    + "spec: {groups: {qa: use}}\n",
            ])
            let applied = try await atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(try await members(server, "qa") == ["alice"])
            let clean = try await atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(clean.status == 0, "in sync: \(clean.stdout)")

            // By hand: bob joins qa.
            let qa = try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String ?? ""
            let bob = try await server.user("bob")
            let added = try await server.request("PATCH", "/groups/\(qa)", body: ["add_users": [bob.id]])
            #expect(added.status == 200)
            let drift = try await atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2 && drift.stdout.contains("- remove member bob"), "\(drift.stdout)")
            let access = try await atrium(server, repo, ["access", "--live"])
            #expect(access.status == 3, "\(access.stdout)")
            #expect(try await atrium(server, repo, ["reconcile", "--auto-approve"]).status == 0)
            #expect(try await members(server, "qa") == ["alice"])
            #expect(try await atrium(server, repo, ["access", "--live"]).status == 0)
        }
    }
}

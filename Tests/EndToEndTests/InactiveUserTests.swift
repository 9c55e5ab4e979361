import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// Users who left, against `atrium serve` (SQLite and PostgreSQL): the server keeps users'
/// status as Coder does (coderd/users.go putUserStatus; coderd/httpmw/apikey.go refuses a
/// suspended user's token and wakes a dormant one); the dry-run and `access --live` report every
/// grant, membership and template-ACL entry git declares for a suspended, dormant or unknown
/// user with its file:line; `policy.inactiveUsers: revoke` makes reconcile remove them.
@Suite struct InactiveUserTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: maria}
          - {username: dev-1, status: suspended}
          - {username: jonas, status: dormant}
          - {username: ines}
        templates: [{name: go-dev}]
        workspaces: [{owner: maria, name: api, template: go-dev}]
        """

    static func files(policy: String) -> [String: String] {
        [
            "atrium.yaml": Docs.config("policy: {inactiveUsers: \(policy)}"),
            "api.yaml": Docs.workspace(
                "maria", "api", spec: "  sharing: {users: {dev-1: use, jonas: admin, ines: use}}"),
            "groups.yaml": "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [dev-1, ines]}\n",
            "access.yaml":
                "apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: go-dev}\n"
                + "spec: {users: {dev-1: use}, groups: {Everyone: use}}\n",
        ]
    }

    @Test(arguments: ServedServer.Backend.available)
    func usersWhoLeftAreReportedAndUnderRevokeRemoved(backend: ServedServer.Backend) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let repo = try await SurfaceTruthTests.repository(Self.files(policy: "keep"))
            defer { try? FileManager.default.removeItem(at: repo) }
            let kept = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(kept.status == 0, "\(kept.stdout)\(kept.stderr)")
            #expect(kept.stderr.contains("api.yaml:"), "\(kept.stderr)")
            #expect(kept.stderr.contains("user dev-1 is suspended and holds use on maria/api"), "\(kept.stderr)")
            #expect(kept.stderr.contains("user jonas is dormant and holds admin on maria/api"))
            #expect(kept.stderr.contains("user dev-1 is suspended and holds member of group qa"))
            #expect(kept.stderr.contains("user dev-1 is suspended and holds use on template go-dev"))
            #expect(try await Self.acl(server) == ["dev-1 use", "ines use", "jonas admin"])

            let json = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--dry-run", "--format", "json"])
            let plan = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let inactive = plan?["inactive_users"] as? [[String: Any]] ?? []
            #expect(inactive.count == 4, "\(json.stdout)")
            #expect(inactive.first?["file"] as? String == "access.yaml", "\(inactive)")
            let validated = try await Binary.atrium(
                ["validate", "--server", server.baseURL], in: repo,
                environment: ["ATRIUM_TOKEN": server.adminToken, "NO_COLOR": "1"])
            #expect(validated.status == 0, "warnings only: \(validated.stderr)")
            #expect(
                validated.stderr.contains("user jonas is dormant and holds admin on maria/api"), "\(validated.stderr)")
            let tokenless = try await Binary.atrium(
                ["validate", "--server", server.baseURL], in: repo, environment: ["ATRIUM_TOKEN": ""])
            #expect(
                tokenless.stderr.contains("users' status on \(server.baseURL) was not read: no token in ATRIUM_TOKEN"))
            let live = try await SurfaceTruthTests.atrium(server, repo, ["access", "--live"])
            #expect(live.stdout.contains("Left: user dev-1 is suspended and holds use on maria/api (api.yaml:"))

            try Self.files(policy: "revoke")["atrium.yaml"]!.write(
                to: repo.appendingPathComponent("atrium.yaml"), atomically: true, encoding: .utf8)
            try await Binary.tool(["git", "commit", "-q", "-am", "revoke inactive users"], in: repo)
            let dry = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--dry-run"])
            #expect(dry.stdout.contains("dev-1 is suspended (policy.inactiveUsers: revoke)"), "\(dry.stdout)")
            let revoked = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(revoked.status == 0, "\(revoked.stdout)\(revoked.stderr)")
            #expect(try await Self.acl(server) == ["ines use"])
            let members = try await server.request("GET", "/organizations/default/groups/qa").object
            let names = (members["members"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
            #expect(names == ["ines"])
            let template =
                try await server.request("GET", "/organizations/default/templates/go-dev").object["id"] as? String
            let templateACL = try await server.request("GET", "/templates/\(template ?? "")/acl").object
            #expect((templateACL["users"] as? [Any])?.isEmpty == true, "\(templateACL)")
            let after = try await SurfaceTruthTests.atrium(
                server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(after.status == 0, "nothing left to remove: \(after.stdout)")
        }
    }

    static func acl(_ server: ServedServer) async throws -> [String] {
        let id = try await SurfaceTruthTests.workspaceID(server, "api", owner: "maria")
        let acl = try await server.request("GET", "/workspaces/\(id)/acl").object
        return (acl["users"] as? [[String: Any]] ?? []).map { "\($0["username"] ?? "") \($0["role"] ?? "")" }.sorted()
    }

    /// coderd/users.go (putUserStatus) and coderd/httpmw/apikey.go, as the reference server answers.
    @Test func theServerKeepsUsersStatusAsCoderDoes() async throws {
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let ines = try await server.user("ines")
            let byMember = try await server.request("PUT", "/users/maria/status/suspend", token: ines.token)
            #expect(byMember.status == 404, "only who may delete users; others are told it does not exist")
            let admin = try await server.request("GET", "/users/me").object["username"] as? String ?? ""
            let yourself = try await server.request("PUT", "/users/\(admin)/status/suspend")
            #expect(yourself.status == 400 && yourself.message == "You cannot suspend yourself.")

            let suspended = try await server.request("PUT", "/users/ines/status/suspend")
            #expect(suspended.status == 200 && suspended.object["status"] as? String == "suspended")
            let refused = try await server.request("GET", "/users/me", token: ines.token)
            #expect(refused.status == 401)
            #expect(
                refused.message
                    == "User is not active (status = \"suspended\"). Contact an admin to reactivate your account.")
            let activated = try await server.request("PUT", "/users/ines/status/activate")
            #expect(activated.status == 200 && activated.object["status"] as? String == "active")
            #expect(try await server.request("GET", "/users/me", token: ines.token).status == 200)

            let jonas = try await server.user("jonas")
            let woken = try await server.request("GET", "/users/me", token: jonas.token)
            #expect(woken.status == 200 && woken.object["status"] as? String == "active", "a dormant user who returns")
            let listed = try await server.request("GET", "/users").object["users"] as? [[String: Any]] ?? []
            let statuses = Dictionary(
                listed.map { ($0["username"] as? String ?? "", $0["status"] as? String ?? "") },
                uniquingKeysWith: { first, _ in first })
            #expect(statuses["dev-1"] == "suspended", "the listing carries every user with their status")
        }
    }
}

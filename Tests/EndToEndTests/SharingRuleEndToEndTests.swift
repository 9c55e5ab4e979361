import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// SharingRules against `atrium serve` (SQLite and PostgreSQL): a membership change in a pull
/// request that makes a group's grant reach a contractor is stopped by `diff --fail-on rule`,
/// `validate` and `reconcile`; a grant made by hand that the rule forbids is removed as drift
/// labelled with the rule; `access` names the rule that binds a grant.
@Suite struct SharingRuleEndToEndTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: maria}, {username: jonas}, {username: dev-1}, {username: ines}]
        templates: [{name: go-dev}]
        workspaces: [{owner: maria, name: api, template: go-dev}]
        """

    static let rule = """
        apiVersion: atrium/v1
        kind: SharingRule
        metadata: {name: payments-stays-in-payments}
        spec:
          workspaces: {selector: {team: payments}}
          subjects: {groups: [contractors]}
          allow: {groups: [payments]}
          maxRole: use
        """

    static func groups(frontend: [String]) -> String {
        [("contractors", ["dev-1", "ines"]), ("payments", ["maria", "ines"]), ("frontend", frontend)].map {
            name, members in
            "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: \(name)}\n"
                + "spec: {members: [\(members.joined(separator: ", "))]}\n"
        }.joined(separator: "---\n")
    }

    static let files = [
        "rules.yaml": rule,
        "groups.yaml": groups(frontend: ["jonas"]),
        "api.yaml": Docs.workspace(
            "maria", "api", labels: "{team: payments}", spec: "  sharing: {groups: {frontend: use}, users: {ines: use}}"
        ),
    ]

    @Test(arguments: ServedServer.Backend.available)
    func aRuleStopsAMembershipChangeAndRemovesAHandMadeGrant(backend: ServedServer.Backend) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let repo = try await SurfaceTruthTests.repository(Self.files)
            defer { try? FileManager.default.removeItem(at: repo) }
            let applied = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")

            let access = try await SurfaceTruthTests.atrium(server, repo, ["access", "--workspace", "maria/api"])
            // ines is a contractor in payments, which the rule allows; no contractor is in frontend.
            let lines = access.stdout.split(separator: "\n")
            let ines = lines.first { $0.contains("user:ines") }
            #expect(ines?.contains("bound by rule payments-stays-in-payments") == true, "\(access.stdout)")
            #expect(lines.first { $0.contains("group:frontend") }?.contains("bound by rule") == false)

            // By hand, dev-1 (a contractor) gets use on the payments workspace.
            let workspace = try await SurfaceTruthTests.workspaceID(server, "api", owner: "maria")
            let dev1 = try await server.request("GET", "/users/dev-1").object["id"] as? String ?? ""
            let patched = try await server.request(
                "PATCH", "/workspaces/\(workspace)/acl", body: ["user_roles": [dev1: "use"]])
            #expect(patched.status == 204)
            let drift = try await SurfaceTruthTests.atrium(
                server, repo, ["reconcile", "--dry-run", "--detailed-exitcode", "--format", "json"])
            #expect(drift.status == 2, "\(drift.stdout)")
            #expect(
                drift.stdout.contains("not declared in git, and rule payments-stays-in-payments (rules.yaml:3)"),
                "\(drift.stdout)")
            let page = try await SurfaceTruthTests.atrium(server, repo, ["access", "--live", "--format", "html"])
            #expect(page.stdout.contains("class=\"use drift\""), "the hand-made grant is marked on the page")
            let undo = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(undo.status == 0, "\(undo.stderr)")

            // A pull request adds dev-1 to frontend: the group's grant now reaches a contractor.
            try await Binary.tool(["git", "checkout", "-q", "-b", "join"], in: repo)
            try Self.groups(frontend: ["jonas", "dev-1"]).write(
                to: repo.appendingPathComponent("groups.yaml"), atomically: true, encoding: .utf8)
            try await Binary.tool(["git", "commit", "-q", "-am", "dev-1 joins frontend"], in: repo)
            let local = ["NO_COLOR": "1"]
            let diff = try await Binary.atrium(
                ["diff", "--base", "main", "--head", "join", "--fail-on", "rule"], in: repo, environment: local)
            #expect(diff.status == 3, "\(diff.stdout)\(diff.stderr)")
            #expect(diff.stderr.contains("groups.yaml:"), "\(diff.stderr)")
            #expect(diff.stderr.contains("user:dev-1, a member of group frontend"), "\(diff.stderr)")
            #expect(diff.stdout.contains("Sharing rules broken at join"), "\(diff.stdout)")
            let plain = try await Binary.atrium(
                ["diff", "--base", "main", "--head", "join"], in: repo, environment: local)
            #expect(plain.status == 0, "without --fail-on rule the diff is shown: \(plain.stderr)")
            let validate = try await Binary.atrium(["validate"], in: repo, environment: local)
            #expect(validate.status == 1)
            #expect(
                validate.stderr.contains("violates rule payments-stays-in-payments (rules.yaml:3)"),
                "\(validate.stderr)")
            let refused = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
            let members = try await server.request("GET", "/organizations/default/groups/frontend").object
            let names = (members["members"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
            #expect(names == ["jonas"], "nothing was applied: \(String(describing: names))")
        }
    }
}

import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// A review campaign end to end: started at a commit, decided in a commit (one grant kept, one
/// workspace grant and one membership revoked), applied on a branch, merged, reconciled against
/// `atrium serve`; `review status` and `validate` judge it before and after the due date.
@Suite struct ReviewCampaignTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: maria}, {username: dev-1}, {username: ines}, {username: jonas}]
        templates: [{name: go-dev}]
        workspaces: [{owner: maria, name: api, template: go-dev}]
        """

    static let files = [
        "api.yaml": """
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: api, owner: maria}
        spec:
          template: go-dev
          sharing:
            users:
              dev-1: use
              ines: admin
        """,
        "groups.yaml": "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\n"
            + "spec: {members: [jonas, dev-1], reviewers: [qa-lead]}\n",
    ]

    @Test func aCampaignIsStartedDecidedAppliedAndJudged() async throws {
        let repo = try await SurfaceTruthTests.repository(Self.files)
        defer { try? FileManager.default.removeItem(at: repo) }
        let env = ["NO_COLOR": "1"]
        let started = try await Binary.atrium(
            ["review", "start", "--name", "2026-q4", "--due", "2027-01-15", "--now", "2026-12-01T00:00:00Z"], in: repo,
            environment: env)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("4 grants for 2 reviewer(s)"), "\(started.stdout)")
        let file = repo.appendingPathComponent("reviews/2026-q4.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text.contains("\"qa-lead\":\n      - {grant: \"group qa user:jonas member\", decision: pending}"), "\(text)"
        )
        try await Binary.tool(["git", "add", "-A"], in: repo)
        try await Binary.tool(["git", "commit", "-q", "-m", "Start review 2026-q4"], in: repo)
        let open = try await Binary.atrium(["review", "status", "--now", "2026-12-10T00:00:00Z"], in: repo)
        #expect(open.status == 0 && open.stdout.contains("maria: 2 pending, 0 kept, 0 revoked"), "\(open.stdout)")

        // The reviewers decide in a pull request.
        for (grant, decision) in [
            ("maria/api user:dev-1 use", "revoke, comment: \"left the team\""),
            ("group qa user:dev-1 member", "revoke, comment: \"contract ended\""),
            ("maria/api user:ines admin", "keep"), ("group qa user:jonas member", "keep"),
        ] {
            text = text.replacingOccurrences(
                of: "{grant: \"\(grant)\", decision: pending}", with: "{grant: \"\(grant)\", decision: \(decision)}")
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        try await Binary.tool(["git", "commit", "-q", "-am", "Decide review 2026-q4"], in: repo)
        let late = ["--now", "2027-01-20T00:00:00Z"]
        let overdue = try await Binary.atrium(["review", "status"] + late, in: repo)
        #expect(overdue.status == 3 && overdue.stdout.contains("OVERDUE"), "\(overdue.stdout)")
        #expect(overdue.stdout.contains("maria: 0 pending, 1 kept, 1 revoked (1 still in git)"), "\(overdue.stdout)")
        let invalid = try await Binary.atrium(["validate"] + late, in: repo, environment: env)
        #expect(invalid.status == 1)
        #expect(
            invalid.stderr.contains("`maria/api user:dev-1 use` was revoked in review `2026-q4`"), "\(invalid.stderr)")

        let applied = try await Binary.atrium(["review", "apply", "--name", "2026-q4"], in: repo)
        #expect(applied.status == 0, "\(applied.stderr)")
        let branch = applied.stdout.split(separator: " ").first { $0.hasPrefix("review/") }.map(String.init) ?? ""
        try await Binary.tool(["git", "merge", "-q", "--no-ff", "-m", "Apply review", branch], in: repo)
        let done = try await Binary.atrium(["review", "status"] + late, in: repo)
        #expect(done.status == 0 && done.stdout.contains("2026-q4: due 2027-01-15T00:00:00Z, done"), "\(done.stdout)")
        #expect(try await Binary.atrium(["validate"] + late, in: repo).status == 0)

        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let reconciled = try await SurfaceTruthTests.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(reconciled.status == 0, "\(reconciled.stdout)\(reconciled.stderr)")
            let id = try await SurfaceTruthTests.workspaceID(server, "api", owner: "maria")
            let acl = try await server.request("GET", "/workspaces/\(id)/acl").object
            #expect((acl["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["ines"])
            let group = try await server.request("GET", "/organizations/default/groups/qa").object
            #expect((group["members"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["jonas"])
        }
    }
}

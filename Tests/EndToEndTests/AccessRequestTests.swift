import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// `atrium request` end to end against `atrium serve`: a request written, checked against a
/// SharingRule, committed on its own branch and pushed to a bare repository standing in for the
/// remote; merged, applied, expired and removed by reconcile; its file pruned on a new branch; and
/// the CODEOWNERS section that makes the workspace's approvers review it.
@Suite struct AccessRequestTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: maria}, {username: dev-1}]
        templates: [{name: go-dev}]
        workspaces: [{owner: maria, name: api, template: go-dev}]
        """

    static let files = [
        "api.yaml": Docs.workspace(
            "maria", "api", labels: "{team: payments}", spec: "  approvers: ['@maria']"),
        "rules.yaml": """
        apiVersion: atrium/v1
        kind: SharingRule
        metadata: {name: short-stays}
        spec: {workspaces: {selector: {team: payments}}, maxDuration: 1d, approvers: ['@acme/payments-leads']}
        """,
    ]

    static let requested = "2026-12-01T09:00:00Z"

    /// A working clone of a bare repository holding `files` on `main`.
    static func clone(_ files: [String: String]) async throws -> (work: URL, remote: URL, root: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-request-\(UUID().uuidString)")
        let remote = root.appendingPathComponent("remote.git")
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try await Binary.tool(["git", "init", "-q", "--bare", "-b", "main", remote.path], in: root)
        try await Binary.tool(["git", "clone", "-q", remote.path, work.path], in: root)
        try await Binary.tool(["git", "checkout", "-q", "-b", "main"], in: work)
        try await Binary.tool(["git", "config", "user.name", "Maria Garcia"], in: work)
        try await Binary.tool(["git", "config", "user.email", "maria@example.com"], in: work)
        for (path, text) in files {
            try text.write(to: work.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try await Binary.tool(["git", "add", "-A"], in: work)
        try await Binary.tool(["git", "commit", "-q", "-m", "desired state"], in: work)
        try await Binary.tool(["git", "push", "-q", "origin", "main"], in: work)
        return (work, remote, root)
    }

    static func users(_ server: ServedServer) async throws -> [String] {
        let id = try await SurfaceTruthTests.workspaceID(server, "api", owner: "maria")
        let acl = try await server.request("GET", "/workspaces/\(id)/acl").object
        return (acl["users"] as? [[String: Any]] ?? []).map { "\($0["username"] ?? "") \($0["role"] ?? "")" }
    }

    @Test(arguments: ServedServer.Backend.available)
    func aRequestIsPushedMergedAppliedExpiredAndPruned(backend: ServedServer.Backend) async throws {
        // The server runs only for the reconciles: the rest is git's.
        let (work, remote, root) = try await Self.clone(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            let ask = ["request", "--user", "dev-1", "--workspace", "maria/api", "--reason", "INC-4711"]
            let tooLong = try await Binary.atrium(ask + ["--for", "2d", "--now", Self.requested], in: work)
            #expect(tooLong.status == 1, "\(tooLong.stdout)")
            #expect(tooLong.stderr.contains("violates rule short-stays (rules.yaml:3), which allows at most 1d"))

            let asked = try await Binary.atrium(ask + ["--for", "8h", "--now", Self.requested, "--push"], in: work)
            #expect(asked.status == 0, "\(asked.stderr)")
            let branch = "request/dev-1/maria-api-20261201T090000Z"
            #expect(asked.stdout.contains("Pushed \(branch) to origin."), "\(asked.stdout)")
            let pushed = try await Binary.tool(["git", "--git-dir", remote.path, "branch", "--list"], in: root)
            #expect(pushed.contains(branch), "\(pushed)")
            let status = try await Binary.tool(["git", "status", "--porcelain"], in: work)
            #expect(status.isEmpty, "the working tree is left as it was: \(status)")

            let diff = try await Binary.atrium(
                ["diff", "--base", "main", "--head", branch, "--now", "2026-12-01T10:00:00Z"], in: work)
            #expect(diff.stdout.contains("user:dev-1 gains use"), "\(diff.stdout)")
            #expect(diff.stdout.contains("requested by Maria Garcia for 8h: INC-4711"), "\(diff.stdout)")

            // The pull request is approved and merged.
            try await Binary.tool(["git", "merge", "-q", "--no-ff", "-m", "Merge request", branch], in: work)
        }
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let during = try await SurfaceTruthTests.atrium(
                server, work, ["reconcile", "--auto-approve", "--now", "2026-12-01T10:00:00Z"])
            #expect(during.status == 0, "\(during.stdout)\(during.stderr)")
            #expect(try await Self.users(server) == ["dev-1 use"])
            let after = try await SurfaceTruthTests.atrium(
                server, work, ["reconcile", "--auto-approve", "--now", "2026-12-01T17:00:01Z"])
            #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
            #expect(try await Self.users(server).isEmpty, "the request expired and its grant is gone")
        }
        do {
            let early = try await Binary.atrium(["request", "prune", "--now", "2026-12-01T10:00:00Z"], in: work)
            #expect(early.stdout.contains("nothing to prune"), "\(early.stdout)")
            let pruned = try await Binary.atrium(
                ["request", "prune", "--now", "2026-12-01T17:00:01Z", "--push"], in: work)
            #expect(pruned.status == 0, "\(pruned.stderr)")
            let pruneBranch = "request/prune-20261201T170001Z"
            #expect(pruned.stdout.contains("on branch \(pruneBranch)"), "\(pruned.stdout)")
            let tree = try await Binary.tool(["git", "ls-tree", "-r", "--name-only", pruneBranch], in: work)
            #expect(!tree.contains("requests/"), "\(tree)")
            #expect(tree.contains("api.yaml"))
            let remoteBranches = try await Binary.tool(["git", "--git-dir", remote.path, "branch"], in: root)
            #expect(remoteBranches.contains(pruneBranch))
        }
    }

    /// Template access and a group membership asked for the same way: merged, applied, expired.
    @Test func templateAccessAndMembershipRequestsAreAppliedAndExpire() async throws {
        var files = Self.files
        files["identity.yaml"] =
            "apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: go-dev}\n"
            + "spec: {groups: {Everyone: use}}\n---\n"
            + "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [maria]}\n"
        let (work, _, root) = try await Self.clone(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let common = ["--user", "dev-1", "--for", "8h", "--reason", "INC-4712", "--now", Self.requested]
        for target in [["--template", "go-dev", "--role", "admin"], ["--join", "qa"]] {
            let asked = try await Binary.atrium(["request"] + target + common, in: work)
            #expect(asked.status == 0, "\(asked.stderr)")
            let branch = asked.stdout.split(separator: " ").first { $0.hasPrefix("request/") } ?? ""
            try await Binary.tool(["git", "merge", "-q", "--no-ff", "-m", "Merge", String(branch)], in: work)
        }
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let during = try await SurfaceTruthTests.atrium(
                server, work, ["reconcile", "--auto-approve", "--now", "2026-12-01T10:00:00Z"])
            #expect(during.status == 0, "\(during.stdout)\(during.stderr)")
            #expect(try await Self.identity(server) == ["acl dev-1 admin", "member dev-1", "member maria"])
            let after = try await SurfaceTruthTests.atrium(
                server, work, ["reconcile", "--auto-approve", "--now", "2026-12-01T17:00:01Z"])
            #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
            #expect(try await Self.identity(server) == ["member maria"])
        }
    }

    /// The template ACL's users and the qa group's members, as the server has them.
    static func identity(_ server: ServedServer) async throws -> [String] {
        let template =
            try await server.request("GET", "/organizations/default/templates/go-dev").object["id"] as? String ?? ""
        let acl = try await server.request("GET", "/templates/\(template)/acl").object
        let users = (acl["users"] as? [[String: Any]] ?? []).map { "acl \($0["username"] ?? "") \($0["role"] ?? "")" }
        let group = try await server.request("GET", "/organizations/default/groups/qa").object
        let members = (group["members"] as? [[String: Any]] ?? []).map { "member \($0["username"] ?? "")" }
        return (users + members).sorted()
    }

    @Test func codeownersNamesTheApproversOfEachFileAndRequestFolder() async throws {
        var files = Self.files
        files["groups.yaml"] =
            "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\n"
            + "spec: {members: [maria], approvers: ['@acme/qa']}\n"
        let (work, _, root) = try await Self.clone(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let printed = try await Binary.atrium(["codeowners"], in: work)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(
            printed.stdout == """
                # BEGIN atrium codeowners: generated from `approvers` by `atrium codeowners`
                /api.yaml @acme/payments-leads @maria
                /groups.yaml @acme/qa
                /requests/groups/qa/ @acme/qa
                /requests/workspaces/maria/api/ @acme/payments-leads @maria
                /rules.yaml @acme/payments-leads
                # END atrium codeowners

                """)
        let file = work.appendingPathComponent("CODEOWNERS")
        try "* @acme/platform\n".write(to: file, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let written = try await Binary.atrium(["codeowners", "--write", file.path], in: work)
            #expect(written.status == 0, "\(written.stderr)")
        }
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "* @acme/platform\n" + printed.stdout, "written twice, the section is replaced: \(text)")
    }
}

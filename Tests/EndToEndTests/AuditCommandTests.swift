import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `atrium access --live`, `reconcile --provenance` and `show --provenance` against a real
/// `atrium serve` and a real repository with several authors.
@Suite struct AuditCommandTests {
    func atrium(_ h: Harness, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            arguments + ["--server", h.server.baseURL], in: h.repo,
            environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
    }

    /// Commits as `author` at `date`.
    func commit(_ h: Harness, _ files: [String: String], _ message: String, author: String, date: String) async throws
        -> String
    {
        for (path, text) in files {
            let url = h.repo.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try await Binary.tool(["git", "add", "-A"], in: h.repo)
        try await ChildProcess.tool(
            [
                "git", "-c", "user.name=Committer", "-c", "user.email=c@example.com", "commit", "-q", "-m", message,
                "--author", author, "--date", date,
            ],
            in: h.repo, environment: ["GIT_COMMITTER_DATE": date])
        return try await Binary.tool(["git", "rev-parse", "HEAD"], in: h.repo).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    @Test func accessLiveMarksDriftBothWaysWithProvenance() async throws {
        try await withHarness { h in
            let first = try await commit(
                h,
                ["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: admin, carol: use}}")],
                "Share existing", author: "Ada <ada@example.com>", date: "2026-09-01T10:00:00Z")
            let applied = try await h.reconcile([])
            #expect(applied.status == 0, "\(applied.stderr)")
            // In git, dave is added and carol removed; on the server, erin is added by hand.
            let second = try await commit(
                h,
                ["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: admin, dave: use}}")],
                "Swap carol for dave", author: "Grace <grace@example.com>", date: "2026-10-01T10:00:00Z")
            try await h.shareOnServer("alice", "existing", users: ["erin": "use"])

            let live = try await atrium(h, ["access", "--live", "--workspace", "alice/existing"])
            #expect(live.status == 3, "drift exits 3: \(live.stderr)")
            let lines = live.stdout.split(separator: "\n").map(String.init)
            func line(_ subject: String) -> String {
                lines.first { $0.hasPrefix("  \(subject) ") } ?? "<none for \(subject)>"
            }
            #expect(line("user:alice").contains("owner  in-sync"))
            #expect(
                line("user:bob").contains("admin  in-sync")
                    && line("user:bob").contains("added in \(first.prefix(12)) Ada 2026-09-01 \"Share existing\""),
                "\(lines)")
            #expect(
                line("user:dave").contains("use    missing-on-server")
                    && line("user:dave").contains("added in \(second.prefix(12)) Grace"))
            #expect(
                line("user:carol").contains("not-declared (server: use)")
                    && line("user:carol").contains("removed from git in \(second.prefix(12)) Grace"), "\(lines)")
            #expect(line("user:erin").contains("not-declared (server: use)") && !line("user:erin").contains("removed"))
            #expect(live.stdout.contains("Drift: 3 differences between git and the server."))

            let csv = try await atrium(h, ["access", "--live", "--format", "csv"])
            #expect(
                csv.stdout.split(separator: "\n").first.map(String.init)
                    == "workspace,subject,role,expires,status,live_role,file,line,grant,commit,author,email,"
                    + "date,message"
            )
            #expect(
                csv.stdout.contains(
                    "alice/existing,user:dave,use,,missing-on-server,,ws.yaml,6,,\(second),Grace,grace@example."
                        + "com,2026-10-01T10:00:00Z,Swap carol for dave"
                ))
            #expect(
                csv.stdout.contains("bob/legacy,user:bob,,,not-declared,owner") == false,
                "undeclared workspaces outside the scope are not reviewed")

            let json = try await atrium(h, ["access", "--live", "--format", "json", "--user", "carol"])
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let rows = try #require(document["rows"] as? [[String: Any]])
            #expect(
                rows.count == 1 && rows.first?["status"] as? String == "not-declared", "\(json.stdout) \(json.stderr)")
            #expect((rows.first?["removed_in"] as? [String: Any])?["sha"] as? String == second)
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let everything = try await atrium(h, ["access", "--live", "--format", "json"])
            #expect(
                try await SchemaCheck.problem(
                    schema: root.appendingPathComponent("schemas/access-review.schema.json"), json: everything.stdout)
                    == nil)
            #expect(
                try await SchemaCheck.problem(
                    schema: root.appendingPathComponent("schemas/access-review.schema.json"), json: json.stdout) == nil)

            // At a date before the swap: carol had use, from git alone.
            let before = try await atrium(h, ["access", "--at", "2026-09-15", "--format", "csv"])
            #expect(before.status == 0, "\(before.stderr)")
            #expect(before.stdout.contains("alice/existing,user:carol,use,,,,ws.yaml,6,,\(first),Ada"))
            #expect(!before.stdout.contains("user:dave"))

            // Reconcile and show print the commits with --provenance; the JSON plan always has them.
            let plan = try await h.reconcile(["--dry-run", "--provenance"])
            #expect(
                plan.stdout.contains(
                    "+ share with user:dave as use  # ws.yaml:6, added in \(second.prefix(12)) Grace "
                        + "2026-10-01 \"Swap carol for dave\""
                ), "\(plan.stdout)")
            #expect(
                plan.stdout.contains(
                    "- unshare user:carol (was use)  # not declared in git; removed from git in "
                        + "\(second.prefix(12)) Grace"
                ), "\(plan.stdout)")
            let plain = try await h.reconcile(["--dry-run"])
            #expect(!plain.stdout.contains("added in"))
            let planJSON = try await h.reconcile(["--dry-run", "--format", "json"])
            let planDocument = try #require(
                try JSONSerialization.jsonObject(with: Data(planJSON.stdout.utf8)) as? [String: Any])
            let actions = try #require(planDocument["actions"] as? [[String: Any]])
            let share = try #require(actions.first { $0["kind"] as? String == "share" })
            let source = try #require((share["sources"] as? [[String: Any]])?.first)
            #expect((source["commit"] as? [String: Any])?["author"] as? String == "Grace")
            let unshare = try #require(actions.first { $0["kind"] as? String == "unshare" })
            #expect((unshare["removed_in"] as? [String: Any])?["sha"] as? String == second)
            let schemaRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            #expect(
                try await SchemaCheck.problem(
                    schema: schemaRoot.appendingPathComponent("schemas/plan.schema.json"), json: planJSON.stdout) == nil
            )
            let show = try await atrium(h, ["show", "alice/existing", "--provenance"])
            #expect(show.stdout.contains("added in \(first.prefix(12)) Ada"), "\(show.stdout)")

            // Once reconciled, no drift but erin's (prune removes her too).
            #expect(try await h.reconcile([]).status == 0)
            let clean = try await atrium(h, ["access", "--live"])
            #expect(clean.status == 0, "\(clean.stdout)")
            #expect(clean.stdout.contains("No drift: the server matches git."))
        }
    }

    @Test func aUsersReviewIncludesTheirGroupsFromTheServer() async throws {
        try await withHarness { h in
            // erin is a member of qa on the server (the harness's seed); git grants qa, not erin.
            try await h.commit([
                "ws.yaml": Docs.workspace(
                    "alice", "existing", spec: "  sharing: {groups: {qa: use}, users: {bob: admin}}")
            ])
            #expect(try await h.reconcile([]).status == 0)
            let live = try await atrium(h, ["access", "--user", "erin", "--live", "--format", "csv"])
            #expect(live.status == 0, "\(live.stderr)")
            let rows = live.stdout.split(separator: "\n").dropFirst()
            #expect(
                rows.count == 1 && rows.first?.hasPrefix("alice/existing,group:qa,use,,in-sync,use,ws.yaml,6,") == true,
                "\(live.stdout)")
            // Git alone names erin nowhere: that is said, with the way to ask the server.
            let gitOnly = try await atrium(h, ["access", "--user", "erin"])
            #expect(gitOnly.status == 1)
            #expect(!gitOnly.stdout.contains("group:qa"), "git alone does not know erin is in qa")
            #expect(
                gitOnly.stderr.contains("no user `erin` in git") && gitOnly.stderr.contains("add --live"),
                "\(gitOnly.stderr)")
            let bobGitOnly = try await atrium(h, ["access", "--user", "bob"])
            #expect(
                bobGitOnly.stderr.contains(
                    "no Group is declared in git, and membership on the server is read with --live"))
            let bob = try await atrium(h, ["access", "--user", "bob", "--live", "--format", "csv"])
            #expect(bob.stdout.contains("alice/existing,user:bob,admin,,in-sync,admin,ws.yaml,6,"), "\(bob.stdout)")
            #expect(!bob.stdout.contains("group:qa"), "bob is not in qa")
            let tooEarly = try await atrium(h, ["access", "--at", "2000-01-01"])
            #expect(
                tooEarly.status == 1 && tooEarly.stderr.contains("error: `HEAD` has no commit before 2000-01-01"),
                "\(tooEarly.stderr)")
        }
    }
}

import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `atrium serve --coder-only`: exactly Coder's surface, so that every client path is proven
/// against what a real Coder offers, not against the reference server's extensions.
@Suite struct CoderOnlyTests {
    func fetch(_ url: String, method: String = "GET", token: String) async throws -> (status: Int, body: String) {
        let script = """
            import sys, urllib.request, urllib.error
            request = urllib.request.Request(sys.argv[1], method=sys.argv[2], headers={"Coder-Session-Token": sys.argv[3]}, data=b"{}" if sys.argv[2] != "GET" else None)
            try:
                answer = urllib.request.urlopen(request, timeout=30)
                print(answer.status); print(answer.read().decode())
            except urllib.error.HTTPError as error:
                print(error.code); print(error.read().decode())
            """
        let output = try await ChildProcess.tool(
            ["python3", "-c", script, url, method, token], in: FileManager.default.temporaryDirectory)
        let first = output.prefix { $0 != "\n" }
        return (Int(first) ?? 0, String(output.dropFirst(first.count + 1)))
    }

    func atrium(_ h: Harness, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            arguments + ["--server", h.server.baseURL], in: h.repo,
            environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
    }

    @Test func theSurfaceIsCodersAndReconcileKeepsToIt() async throws {
        try await withHarness(coderOnly: true) { h in
            let info = try await fetch("\(h.server.baseURL)/api/v2/buildinfo", token: h.token)
            #expect(
                info.status == 200 && !info.body.contains("atrium\":") && info.body.contains("\"version\":\"v2.24.0\""),
                "\(info.body)")
            guard let alice = try await h.server.store.user("alice"),
                let existing = try await h.server.store.workspace(ownerID: alice.id, name: "existing")
            else { throw HarnessError("no alice/existing") }
            for path in ["admission", "snapshots"] {
                let method = path == "admission" ? "PUT" : "POST"
                let answer = try await fetch(
                    "\(h.server.baseURL)/api/v2/workspaces/\(existing.id)/\(path)", method: method, token: h.token)
                #expect(answer.status == 404, "\(path): \(answer.status) \(answer.body)")
            }

            // A workspace carries none of the extensions' fields.
            let workspace = try await fetch("\(h.server.baseURL)/api/v2/workspaces/\(existing.id)", token: h.token)
            #expect(workspace.status == 200 && workspace.body.contains("\"latest_build\""), "\(workspace.body)")
            #expect(!workspace.body.contains("\"admission\"") && !workspace.body.contains("\"share_url\""))

            // Sharing through Coder's ACL works as against Coder.
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])

            // Link sharing is Coder's way there: a `use` grant to the organization's Everyone group
            // (a real group, whose members are the organization's), and closing it removes it.
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {carol: use}, link: everyone}")
            ])
            let linked = try await h.reconcile([])
            #expect(linked.status == 0, "\(linked.stdout)\n\(linked.stderr)")
            #expect(linked.stdout.contains("~ link sharing owner → everyone (share with group:Everyone as use)"))
            #expect(linked.stdout.contains("1 to share, 0 to change, 1 to unshare, 1 link change"), "\(linked.stdout)")
            #expect(try await h.sharing("alice", "existing") == ["group:Everyone=use", "user:carol=use"])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "in sync")
            // `show` and `access --live` read that grant as the link: in sync, not a stray group grant.
            let show = try await atrium(h, ["show", "alice/existing"])
            #expect(show.status == 0 && show.stdout.contains("link sharing: git everyone, server everyone"))
            #expect(!show.stdout.contains("group:Everyone"), "\(show.stdout)")
            let list = try await atrium(h, ["list"])
            #expect(list.stdout.contains("alice/existing") && list.stdout.contains("user:carol=use, link:everyone"))
            let access = try await atrium(h, ["access", "--live"])
            #expect(access.status == 0, "\(access.stdout)")
            #expect(access.stdout.contains("link:everyone        use    in-sync"), "\(access.stdout)")

            // Snapshots are refused while planning, with what Coder offers instead, before any write.
            try await h.commit([
                "ws.yaml": Docs.workspace(
                    "alice", "existing", spec: "  sharing: {users: {bob: use}}\n  snapshots: [{name: s1}]")
            ])
            let refused = try await h.reconcile([])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("has no snapshot API"), "\(refused.stderr)")
            #expect(
                try await h.sharing("alice", "existing") == ["group:Everyone=use", "user:carol=use"],
                "nothing was written")

            // A link git no longer declares is drift, as the link, in both commands.
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {carol: use}}")
            ])
            let drift = try await atrium(h, ["access", "--live"])
            #expect(drift.status == 3, "\(drift.stdout)")
            #expect(drift.stdout.contains("link:everyone        -      not-declared (server: use)"), "\(drift.stdout)")
            let closing = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(closing.status == 2)
            #expect(closing.stdout.contains("~ link sharing everyone → owner (unshare group:Everyone)"))
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["user:carol=use"])
        }
    }

    /// Snapshots declared for a server that is only Coder are refused by `validate --server`
    /// (from `/buildinfo`, with no token), saying what Coder offers instead; the same repository
    /// validates against the reference server with its extensions.
    @Test func validateRefusesSnapshotsForCoder() async throws {
        try await withHarness(coderOnly: true) { h in
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  snapshots: [{name: before-upgrade}]")
            ])
            let offline = try await Binary.atrium(["validate"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(offline.status == 0, "without --server, validate asks no server: \(offline.stderr)")
            let coder = try await Binary.atrium(
                ["validate", "--server", h.server.baseURL], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(coder.status == 1, "\(coder.stdout)\(coder.stderr)")
            #expect(coder.stderr.contains("ws.yaml:"), "\(coder.stderr)")
            #expect(
                coder.stderr.contains("(Coder v2.24.0) has no snapshot API")
                    && coder.stderr.contains("home volume across builds"), "\(coder.stderr)")
            let unreachable = try await Binary.atrium(
                ["validate", "--server", "http://127.0.0.1:9"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(unreachable.status == 2 && unreachable.stderr.contains("cannot ask"), "\(unreachable.stderr)")
        }
        try await withHarness { h in
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  snapshots: [{name: before-upgrade}]")
            ])
            let extended = try await Binary.atrium(
                ["validate", "--server", h.server.baseURL], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(extended.status == 0, "\(extended.stderr)")
        }
    }
}

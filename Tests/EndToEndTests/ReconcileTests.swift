import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `atrium reconcile` end to end: the built binary, a real git repository, a real server.
@Suite struct ReconcileTests {
    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func createShareApplyAndConverge(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace(
                    "alice", "api", labels: "{team: payments}",
                    spec: "  parameters: {region: eu-west}\n  sharing:\n    users: {bob: use}\n    groups: {qa: admin}")
                    + "---\n" + Docs.workspace("alice", "existing", labels: "{team: payments}"),
                "grant.yaml":
                    "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: oncall}\nspec:\n  workspaces: "
                    + "{selector: {team: payments}}\n  groups: {oncall: use}\n",
            ])
            let dry = try await h.reconcile(["--dry-run", "--provenance"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("alice/api\n  + create from template go-dev (region=eu-west)"))
            #expect(dry.stdout.contains("  + share with user:bob as use  # ws.yaml:8"))
            #expect(dry.stdout.contains("  + share with group:oncall as use  # grant.yaml:6 (Grant oncall)"))
            #expect(
                dry.stdout.contains(
                    "Plan: 1 to create, 4 to share, 0 to change, 0 to unshare, 0 link changes, 0 snapshots to "
                        + "take, 0 to release."
                ))
            #expect(try await h.workspace("alice", "api") == nil, "a dry run changes nothing")
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 2)

            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("Applied 5 changes"))
            #expect(try await h.sharing("alice", "api") == ["group:oncall=use", "group:qa=admin", "user:bob=use"])
            #expect(try await h.sharing("alice", "existing") == ["group:oncall=use"])
            #expect(try await h.workspace("alice", "api")?.parameters == ["region": "eu-west"])

            let again = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("No changes: the server matches git."))
            #expect(!apply.stdout.contains(h.token) && !apply.stderr.contains(h.token), "the token is never printed")
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func roleChangesUnsharesExpiryAndDrift(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "admin", "carol": "use", "dave": "use"])
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace(
                    "alice", "existing",
                    spec:
                        "  sharing:\n    users:\n      bob: use\n      dave: {role: use, expires: "
                        + "2026-06-01T00:00:00Z}\n      erin: {role: use, expires: 2027-06-01T00:00:00Z}"
                ),
            ])
            let dry = try await h.reconcile(["--dry-run", "--now", "2026-11-21T12:00:00Z"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("~ user:bob admin → use  # git grants only `use`"))
            #expect(dry.stdout.contains("- unshare user:carol (was use)  # not declared in git"))
            #expect(dry.stdout.contains("- unshare user:dave (was use)  # expired at 2026-06-01T00:00:00Z"))
            #expect(dry.stdout.contains("+ share with user:erin as use"))
            #expect(
                dry.stderr.contains("ws.yaml:9:34: warning: the grant to user:dave expired at 2026-06-01T00:00:00Z"))
            #expect(try await h.reconcile(["--now", "2026-11-21T12:00:00Z"]).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use", "user:erin=use"])
            // Time passes: erin's grant expires and the next reconcile removes it.
            let later = try await h.reconcile(["--dry-run", "--now", "2027-07-01T00:00:00Z"])
            #expect(later.stdout.contains("- unshare user:erin (was use)  # expired at 2027-06-01T00:00:00Z"))

            // prune.grants: false reports undeclared grants as drift instead.
            try await h.shareOnServer("alice", "existing", users: ["carol": "admin"])
            try await h.commit(["atrium.yaml": Docs.config("prune: {grants: false}")])
            let drift = try await h.reconcile(["--dry-run", "--now", "2026-11-21T12:00:00Z"])
            #expect(drift.stdout.contains("! alice/existing: user:carol has admin, not declared in git"))
            #expect(!drift.stdout.contains("unshare user:carol"))
        }
    }

    /// Link sharing is the admission extension on the reference server and the Everyone group's
    /// `use` grant on a server that is only Coder; snapshots exist only as the extension.
    @Test(arguments: [false, true])
    func linkSharingAndSnapshotsAreIdempotent(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            let snapshots = coderOnly ? "" : "\n  snapshots: [{name: before}, {name: after}]"
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {link: everyone}" + snapshots)
            ])
            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("~ link sharing owner → everyone"), "\(apply.stdout)")
            let again = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(again.status == 0, "\(again.stdout)")
            let workspace = try #require(try await h.workspace("alice", "existing"))
            if coderOnly {
                #expect(try await h.sharing("alice", "existing") == ["group:Everyone=use"])
                #expect(workspace.admission == "owner", "no extension was written")
                return
            }
            #expect(apply.stdout.contains("snapshot alice/existing before: http://atrium.test/#snapshot/"))
            #expect(workspace.admission == "everyone")
            #expect(
                again.stdout.contains("alice/existing before: http://atrium.test/#snapshot/"),
                "existing snapshots are reported with their URLs")
            let taken = try await h.server.store.snapshots(workspaceID: workspace.id)
            #expect(taken.map(\.name).sorted() == ["after", "before"])
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func scopeReleasesUndeclaredWorkspaces(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.shareOnServer("bob", "legacy", users: ["carol": "use"])
            try await h.commit([
                "atrium.yaml": Docs.config("scope: declared"), "ws.yaml": Docs.workspace("alice", "existing"),
            ])
            let declared = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(declared.status == 0, "scope: declared never touches bob/legacy: \(declared.stdout)")

            try await h.commit(["atrium.yaml": Docs.config("scope: {owners: [bob]}")])
            let owners = try await h.reconcile(["--dry-run"])
            #expect(
                owners.stdout.contains(
                    "bob/legacy\n  - release: clear every grant  # in scope but not declared in git: clear its 1 grant")
            )
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.sharing("bob", "legacy").isEmpty)
            #expect(try await h.workspace("bob", "legacy") != nil, "workspaces are never deleted")
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func savedPlansApplyExactlyAndRefuseWhenStale(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            let commit = try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")
            ])
            let planPath = h.repo.appendingPathComponent("plan.json").path
            let saved = try await h.reconcile(["--dry-run", "--out", planPath])
            #expect(saved.status == 0)
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planPath)))
                as? [String: Any]
            #expect(json?["commit"] as? String == commit)
            #expect(json?["format_version"] as? Int == 1)

            // The live state changes behind the plan's back: refused.
            try await h.shareOnServer("alice", "existing", users: ["carol": "use"])
            let stale = try await h.reconcile(["--plan", planPath])
            #expect(stale.status == 1)
            #expect(stale.stderr.contains("the live state changed since the plan"))
            #expect(try await h.sharing("alice", "existing") == ["user:carol=use"], "nothing applied")

            // A fresh plan applies exactly.
            #expect(try await h.reconcile(["--dry-run", "--out", planPath]).status == 0)
            let applied = try await h.reconcile(["--plan", planPath])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])

            // A new commit makes the saved plan stale too.
            #expect(try await h.reconcile(["--dry-run", "--out", planPath]).status == 0)
            try await h.commit(["other.yaml": Docs.workspace("alice", "another")])
            let moved = try await h.reconcile(["--plan", planPath])
            #expect(moved.status == 1)
            #expect(moved.stderr.contains("was made at commit"))
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func everyPlanningProblemIsFoundBeforeTheFirstWrite(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.commit([
                "a.yaml": Docs.workspace("alice", "fresh", spec: "  sharing: {users: {bobb: use}, groups: {qaa: use}}"),
                "b.yaml": Docs.workspace("alice", "other", template: "rust-dev"),
                "c.yaml": Docs.workspace("zoe", "mine"),
                "d.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}"),
            ])
            let result = try await h.reconcile([])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "a.yaml:6:21: error: unknown user `bobb` on \(h.server.baseURL) (did you mean `bob`?)"))
            #expect(result.stderr.contains("a.yaml:6:42: error: unknown group `qaa`"))
            #expect(result.stderr.contains("b.yaml:5:13: error: template `rust-dev` does not exist"))
            #expect(
                result.stderr.contains("c.yaml:3:31: error: owner `zoe` of `zoe/mine` is not a user"),
                "at `owner:`, not at the document")
            #expect(result.stderr.contains("nothing was changed"))
            #expect(try await h.workspace("alice", "fresh") == nil)
            #expect(try await h.sharing("alice", "existing").isEmpty, "valid parts are not applied either")
        }
    }

    /// Against the reference server (its extensions hidden by a proxy that answers as Coder
    /// v2.20.0 would) and against a server that is only Coder (`--coder-only`, v2.24.0).
    @Test(arguments: [false, true])
    func serverPolicyAndCapabilityGapsAreRefusedBeforeWriting(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            guard let organization = try await h.server.store.organization("default") else {
                throw HarnessError("no org")
            }
            _ = try await h.server.store.setSharing(organizationID: organization.id, to: "none")
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let refused = try await h.reconcile([])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains(
                    "ws.yaml:6:21: error: organization `default` on \(h.server.baseURL) has sharing disabled"))
            _ = try await h.server.store.setSharing(organizationID: organization.id, to: "everyone")

            if !coderOnly { h.faults.hideExtensions(true) }
            try await h.commit([
                "ws.yaml": Docs.workspace(
                    "alice", "existing",
                    spec: "  sharing: {users: {bob: use}, link: everyone}\n  snapshots: [{name: s1}]")
            ])
            let gap = try await h.reconcile([])
            #expect(gap.status == 1)
            let version = coderOnly ? "v2.24.0" : "v2.20.0"
            #expect(
                gap.stderr.contains(
                    "declares snapshots, but \(h.server.baseURL) (Coder \(version)) has no snapshot API"),
                "\(gap.stderr)")
            #expect(!gap.stderr.contains("link"), "on Coder, link sharing is the Everyone group's grant: \(gap.stderr)")
            #expect(try await h.sharing("alice", "existing").isEmpty, "nothing was written")
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func jsonAndMarkdownFormats(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            let commit = try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")
            ])
            let json = try await h.reconcile(["--dry-run", "--format", "json"])
            #expect(json.status == 0)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(document["format_version"] as? Int == 1)
            #expect(document["commit"] as? String == commit)
            #expect(document["server"] as? String == h.server.baseURL)
            let action = try #require((document["actions"] as? [[String: Any]])?.first)
            #expect(action["kind"] as? String == "share")
            #expect(action["workspace"] as? String == "alice/existing")
            #expect(action["subject"] as? String == "user:bob")
            #expect(action["role"] as? String == "use")
            #expect((action["sources"] as? [[String: Any]])?.first?["file"] as? String == "ws.yaml")
            #expect(
                ((action["sources"] as? [[String: Any]])?.first?["commit"] as? [String: Any])?["sha"] as? String
                    == commit, "the JSON plan always has provenance")
            #expect((document["summary"] as? [String: Int])?["share"] == 1)

            let markdown = try await h.reconcile(["--dry-run", "--format", "markdown"])
            #expect(markdown.stdout.hasPrefix("### Atrium plan\n\n**0 to create, 1 to share,"))
            #expect(
                markdown.stdout.contains(
                    "| + | `alice/existing` | share with user:bob as use | declared in git | `ws.yaml:6` "
                        + "(\(commit.prefix(8)), Test) |"
                ), "the commit that introduced it")

            let applied = try await h.reconcile(["--format", "json"])
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])
            #expect(
                ((report["apply"] as? [String: Any])?["entries"] as? [[String: Any]])?.first?["outcome"] as? String
                    == "applied")
        }
    }

    /// `--parallelism auto` through 503s and 429s on every third request: it shrinks, retries
    /// absorb them, and everything is applied once.
    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func adaptiveParallelismConvergesThroughTransientFaults(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            var files = ["atrium.yaml": Docs.config()]
            for index in 0..<40 {
                files["ws\(index).yaml"] = Docs.workspace(
                    "alice", "ws\(index)", spec: "  sharing: {users: {bob: use}, groups: {qa: use}}")
            }
            try await h.commit(files)
            h.faults.setTransientEvery(3)
            let flaky = try await h.reconcile(["--parallelism", "auto", "--stats"])
            #expect(flaky.status == 0, "\(flaky.stdout)\n\(flaky.stderr)")
            #expect(h.faults.injectedCount > 10)
            let peak = try #require(
                flaky.stderr.firstMatch(of: #/parallelism auto reached (\d+) requests in flight/#).flatMap {
                    Int($0.output.1)
                })
            #expect((1...64).contains(peak), "\(flaky.stderr)")
            for index in 0..<40 {
                #expect(try await h.sharing("alice", "ws\(index)") == ["group:qa=use", "user:bob=use"])
            }
            h.faults.setTransientEvery(0)
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode", "--parallelism", "auto"]).status == 0)
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func retriesThroughTransientFaultsAndConvergesAfterAPartialFailure(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            var files = ["atrium.yaml": Docs.config()]
            for index in 0..<6 {
                files["ws\(index).yaml"] = Docs.workspace(
                    "alice", "ws\(index)", spec: "  sharing: {users: {bob: use, carol: admin}, groups: {qa: use}}")
            }
            try await h.commit(files)
            // Every third request is answered 503 or 429: retries absorb them.
            h.faults.setTransientEvery(3)
            let flaky = try await h.reconcile([])
            #expect(flaky.status == 0, "\(flaky.stdout)\n\(flaky.stderr)")
            #expect(h.faults.injectedCount > 3)
            for index in 0..<6 {
                #expect(
                    try await h.sharing("alice", "ws\(index)") == ["group:qa=use", "user:bob=use", "user:carol=admin"])
            }
            h.faults.setTransientEvery(0)

            // Writes to one workspace fail hard: the others apply, the report names what did not.
            try await h.commit(
                Dictionary(
                    uniqueKeysWithValues: (0..<6).map {
                        (
                            "ws\($0).yaml",
                            Docs.workspace(
                                "alice", "ws\($0)",
                                spec: "  sharing: {users: {bob: admin, dave: use}, groups: {qa: use}}")
                        )
                    }))
            let broken = try #require(try await h.workspace("alice", "ws3")).id
            h.faults.failWrites(containing: broken)
            let partial = try await h.reconcile([])
            #expect(partial.status == 1)
            #expect(partial.stdout.contains("did not happen:"))
            #expect(partial.stdout.contains("failed: alice/ws3: user:bob use → admin"))
            #expect(partial.stdout.contains("failed: alice/ws3: share with user:dave as use"))
            #expect(partial.stderr.contains("run atrium reconcile again to converge"))
            #expect(
                try await h.sharing("alice", "ws3") == ["group:qa=use", "user:bob=use", "user:carol=admin"],
                "no grant lost, none half-applied")
            #expect(try await h.sharing("alice", "ws2") == ["group:qa=use", "user:bob=admin", "user:dave=use"])

            h.faults.stopFailing()
            let rerun = try await h.reconcile([])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try await h.sharing("alice", "ws3") == ["group:qa=use", "user:bob=admin", "user:dave=use"])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }

    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func missingTokenServerAndRepository(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing")])
            let noToken = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run"], in: h.repo, environment: ["ATRIUM_TOKEN": ""])
            #expect(noToken.status == 1)
            #expect(noToken.stderr.contains("no session token: set ATRIUM_TOKEN or pass --token-file FILE"))
            let badToken = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run"], in: h.repo,
                environment: ["ATRIUM_TOKEN": "atr_wrong"])
            #expect(badToken.status == 1)
            #expect(badToken.stderr.contains("401"))
            #expect(!badToken.stderr.contains("atr_wrong"))
            let tokenFile = h.repo.appendingPathComponent("token").path
            try h.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            #expect(
                try await Binary.atrium(
                    ["reconcile", "--server", h.server.baseURL, "--dry-run", "--token-file", tokenFile], in: h.repo,
                    environment: ["ATRIUM_TOKEN": ""]
                ).status == 0)
            let viaEnvironment = try await Binary.atrium(
                ["reconcile", "--dry-run"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token, "ATRIUM_URL": h.server.baseURL])
            #expect(viaEnvironment.status == 0)
            let noServer = try await Binary.atrium(
                ["reconcile", "--dry-run"], in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "ATRIUM_URL": ""])
            #expect(noServer.status == 1)
            #expect(noServer.stderr.contains("no server"))
            // An unreadable revision is an error (1), as Terraform exits: 2 means "changes".
            #expect(try await h.reconcile(["--rev", "nope", "--dry-run"]).status == 1)
        }
    }
}

/// The JSON plan matches schemas/plan.schema.json (python3's jsonschema), planned and applied.
@Suite struct PlanSchemaTests {
    /// Against the reference server and against only Coder's surface (`--coder-only`, no snapshots).
    @Test(arguments: [false, true])
    func jsonPlansMatchTheirSchema(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            try await h.shareOnServer("alice", "existing", users: ["carol": "use"])
            let snapshots = coderOnly ? "" : "\n  snapshots: [{name: s1}]"
            try await h.commit([
                "ws.yaml": Docs.workspace(
                    "alice", "existing", spec: "  sharing: {users: {bob: use}, link: everyone}" + snapshots)
                    + "---\n" + Docs.workspace("alice", "fresh", spec: "  parameters: {region: eu}")
            ])
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            for arguments in [["--dry-run", "--format", "json"], ["--format", "json"]] {
                let result = try await h.reconcile(arguments)
                #expect(result.status == 0, "\(result.stderr)")
                let problem = try await SchemaCheck.problem(
                    schema: root.appendingPathComponent("schemas/plan.schema.json"), json: result.stdout)
                #expect(problem == nil, "\(problem ?? "")")
            }
        }
    }
}

/// Connections dropped after the server did the work: retries must not duplicate or lose anything.
@Suite struct DroppedConnectionTests {
    /// Against the reference server and against only Coder's surface (`--coder-only`, no snapshots).
    @Test(arguments: [false, true])
    func droppedResponsesAreRetriedAndConverge(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            var files: [String: String] = [:]
            let snapshots = coderOnly ? "" : "\n  snapshots: [{name: first}]"
            for index in 0..<5 {
                files["ws\(index).yaml"] = Docs.workspace(
                    "carol", "new\(index)", spec: "  sharing: {users: {bob: use}, groups: {qa: admin}}" + snapshots)
            }
            try await h.commit(files)
            // The first write to each path is done by the server, but its answer never arrives:
            // the creates (one path for carol's workspaces), each ACL patch and each snapshot.
            h.faults.setDropEvery(1)
            let result = try await h.reconcile([])
            h.faults.setDropEvery(0)
            #expect(h.faults.injectedCount == (coderOnly ? 6 : 11), "one drop a path")
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            for index in 0..<5 {
                #expect(try await h.sharing("carol", "new\(index)") == ["group:qa=admin", "user:bob=use"])
                let workspace = try #require(try await h.workspace("carol", "new\(index)"))
                let taken = try await h.server.store.snapshots(workspaceID: workspace.id).map(\.name)
                #expect(taken == (coderOnly ? [] : ["first"]))
            }
            let workspaces = try await h.server.store.workspaces(
                filter: .init(query: "owner:carol"), actor: try await h.admin, limit: 100, offset: 0)
            #expect(workspaces.count == 5, "no workspace was created twice")
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }
}

/// Ctrl-C during an apply stops new work, lets running requests finish, and reports.
@Suite struct InterruptTests {
    /// Against the reference server and against only Coder's surface (`--coder-only`).
    @Test(arguments: [false, true])
    func ctrlCStopsStartingNewChangesAndReports(coderOnly: Bool) async throws {
        try await withHarness(coderOnly: coderOnly) { h in
            var files: [String: String] = [:]
            for index in 0..<20 {
                files["ws\(index).yaml"] = Docs.workspace("alice", "ws\(index)", spec: "  sharing: {users: {bob: use}}")
            }
            try await h.commit(files)
            h.faults.setWriteDelay(.milliseconds(400))
            let command = Binary.command(
                ["reconcile", "--server", h.server.baseURL, "--parallelism", "1", "--auto-approve"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token])
            let (result, _) = try await ChildProcess.run(command) { child in
                // Interrupt once the apply is under way: after the server saw its second write.
                try await child.wait(for: "second write on the server") { h.faults.writeCount >= 2 }
                child.send(SIGINT)
            }
            h.faults.setWriteDelay(.zero)
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stderr.contains("stopping: no new changes will start"))
            #expect(result.stderr.contains("stopped by Ctrl-C: run atrium reconcile again to finish"))
            #expect(result.stdout.contains("not attempted: "))
            var created = 0
            for index in 0..<20 where try await h.workspace("alice", "ws\(index)") != nil { created += 1 }
            #expect(
                created > 0 && created < 20, "some changes happened, not all (\(created)): \(result.stdout.suffix(600))"
            )
            #expect(result.stdout.contains("stopped (Ctrl-C)"))
            let rerun = try await h.reconcile([])
            #expect(rerun.status == 0)
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }
}

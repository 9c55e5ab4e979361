import Foundation
import Testing

/// `atrium show`, `atrium list` and `atrium export` against a real server.
@Suite struct InspectionCommandTests {
    func atrium(_ h: Harness, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(arguments + ["--server", h.server.baseURL], in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
    }

    @Test func showComparesDesiredAndLiveWithSources() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "admin", "carol": "use"])
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: admin, dave: use}}")])
            let show = try await atrium(h, ["show", "alice/existing"])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("alice/existing: declared in git, exists on"))
            #expect(show.stdout.contains("user:bob                 git admin server admin in-sync  # ws.yaml:6"))
            #expect(show.stdout.contains("user:dave                git use   server -     to-share  # ws.yaml:6"))
            #expect(show.stdout.contains("user:carol               git -     server use   to-unshare"))
            let json = try await atrium(h, ["show", "alice/existing", "--format", "json"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect((document["rows"] as? [[String: Any]])?.count == 3)
            #expect(try await atrium(h, ["show", "not-a-workspace"]).status == 64)
        }
    }

    @Test func listFiltersLikeCoderListShared() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "use"], groups: ["qa": "admin"])
            let all = try await atrium(h, ["list"])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.stdout.contains("alice/existing"))
            #expect(all.stdout.contains("bob/legacy"))
            let shared = try await atrium(h, ["list", "--shared"])
            #expect(shared.stdout.contains("alice/existing"))
            #expect(shared.stdout.contains("user:bob=use, group:qa=admin"))
            #expect(!shared.stdout.contains("bob/legacy"))
            #expect(try await atrium(h, ["list", "--shared-with", "group:qa"]).stdout.contains("alice/existing"))
            #expect(!(try await atrium(h, ["list", "--shared-with", "user:carol"]).stdout.contains("alice/existing")))
            #expect(try await atrium(h, ["list", "--shared-with", "carol"]).status == 64)
        }
    }

    @Test func exportThenReconcileIsAnEmptyPlan() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "use", "carol": "admin"], groups: ["oncall": "use"])
            try await h.shareOnServer("bob", "legacy", groups: ["qa": "use"])
            let export = try await atrium(h, ["export", "--out", h.repo.appendingPathComponent("adopted").path])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stderr.contains("wrote 3 files with 2 workspaces"))
            let alice = try String(contentsOf: h.repo.appendingPathComponent("adopted/workspaces/alice.yaml"), encoding: .utf8)
            #expect(alice.contains("metadata: {name: existing, owner: alice}"))
            #expect(alice.contains("      carol: admin"))
            try await h.commit([:], message: "adopt")
            let validate = try await Binary.atrium(["validate", "--path", "adopted"], in: h.repo)
            #expect(validate.status == 0, "\(validate.stderr)")
            let plan = try await h.reconcile(["--path", "adopted", "--dry-run", "--detailed-exitcode"])
            #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
            #expect(plan.stdout.contains("No changes"))
        }
    }
}

import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `atrium show`, `atrium list` and `atrium export` against a real server.
@Suite struct InspectionCommandTests {
    func atrium(_ h: Harness, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            arguments + ["--server", h.server.baseURL], in: h.repo,
            environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
    }

    @Test func showComparesDesiredAndLiveWithSources() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "admin", "carol": "use"])
            try await h.commit([
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: admin, dave: use}}")
            ])
            let show = try await atrium(h, ["show", "alice/existing"])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("alice/existing: declared in git, exists on"))
            #expect(show.stdout.contains("user:bob                 git admin server admin in-sync  # ws.yaml:6"))
            #expect(show.stdout.contains("user:dave                git use   server -     to-share  # ws.yaml:6"))
            #expect(show.stdout.contains("user:carol               git -     server use   to-unshare"))
            let json = try await atrium(h, ["show", "alice/existing", "--format", "json"])
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
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
            // erin is in qa: she reaches what qa is shared with, and the listing says through which group.
            let erin = try await atrium(h, ["list", "--shared-with", "user:erin"])
            #expect(erin.stdout.contains("alice/existing"), "\(erin.stdout)")
            #expect(
                erin.stderr.contains("reached through erin's groups:") && erin.stderr.contains("qa"), "\(erin.stderr)")
        }
    }

    @Test func exportThenReconcileIsAnEmptyPlan() async throws {
        try await withHarness { h in
            try await h.shareOnServer(
                "alice", "existing", users: ["bob": "use", "carol": "admin"], groups: ["oncall": "use"])
            try await h.shareOnServer("bob", "legacy", groups: ["qa": "use"])
            let export = try await atrium(h, ["export", "--out", h.repo.appendingPathComponent("adopted").path])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stderr.contains("wrote 5 files with 2 workspaces"), "\(export.stderr)")
            // Groups with their members, and each template's ACL: the identity side too.
            let groups = try String(contentsOf: h.repo.appendingPathComponent("adopted/groups.yaml"), encoding: .utf8)
            #expect(groups.contains("metadata: {name: qa}\nspec:\n  members: [erin]"), "\(groups)")
            let access = try String(
                contentsOf: h.repo.appendingPathComponent("adopted/template-access.yaml"), encoding: .utf8)
            #expect(access.contains("metadata: {name: go-dev}\nspec:\n  groups: {Everyone: use}"), "\(access)")
            let alice = try String(
                contentsOf: h.repo.appendingPathComponent("adopted/workspaces/alice.yaml"), encoding: .utf8)
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

    /// Export from server A, reconcile into an empty server B, export from B: the same files,
    /// parameters and snapshots included; and the export on stdout is itself valid desired state.
    @Test func exportRoundTripsThroughAnotherServer() async throws {
        let people =
            "apiVersion: atrium/v1\nkind: Seed\nusers: [{username: alice}, {username: bob}, {username: "
            + "carol}]\ngroups: [{name: qa, members: [carol]}]\ntemplates: [{name: go-dev, parameters: "
            + "[region, size]}]\n"
        try await withHarness(
            seed: people
                + "workspaces:\n  - {owner: alice, name: api, template: go-dev, parameters: {region: eu-west, "
                + "size: large}}\n"
        ) { a in
            try await a.shareOnServer("alice", "api", users: ["bob": "use"], groups: ["qa": "admin"])
            let api = try #require(try await a.workspace("alice", "api"))
            _ = try await a.server.store.createSnapshot(
                workspaceID: api.id, actor: try await a.admin, name: "before-upgrade")
            let exportA = try await atrium(a, ["export", "--out", a.repo.appendingPathComponent("state").path])
            #expect(exportA.status == 0, "\(exportA.stderr)")
            let fromA = try String(
                contentsOf: a.repo.appendingPathComponent("state/workspaces/alice.yaml"), encoding: .utf8)
            #expect(fromA.contains("  parameters:\n    region: eu-west\n    size: large"), "\(fromA)")
            #expect(fromA.contains("  snapshots:\n    - {name: before-upgrade}"), "\(fromA)")

            try await withHarness(seed: people) { b in
                try FileManager.default.copyItem(
                    at: a.repo.appendingPathComponent("state"), to: b.repo.appendingPathComponent("state"))
                try await b.commit([:], message: "adopt A's state")
                let apply = try await b.reconcile(["--path", "state"])
                #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
                let exportB = try await atrium(b, ["export", "--out", b.repo.appendingPathComponent("again").path])
                #expect(exportB.status == 0)
                let fromB = try String(
                    contentsOf: b.repo.appendingPathComponent("again/workspaces/alice.yaml"), encoding: .utf8)
                #expect(fromB == fromA, "the same workspace file")
                let configA = try String(
                    contentsOf: a.repo.appendingPathComponent("state/atrium.yaml"), encoding: .utf8)
                let configB = try String(
                    contentsOf: b.repo.appendingPathComponent("again/atrium.yaml"), encoding: .utf8)
                #expect(
                    configB == configA.replacingOccurrences(of: a.server.baseURL, with: b.server.baseURL),
                    "the same Config, but for its server")
            }

            let stdout = try await atrium(a, ["export"])
            #expect(stdout.status == 0)
            try stdout.stdout.write(
                to: a.repo.appendingPathComponent("exported.yaml"), atomically: true, encoding: .utf8)
            try await a.commit([:], message: "stdout export")
            let validate = try await Binary.atrium(["validate", "--path", "exported.yaml"], in: a.repo)
            #expect(validate.status == 0, "export on stdout is loadable: \(validate.stderr)")
        }
    }
}

import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// The client reads the live server as Coder answers: display names in `shared_with`, the key
/// absent on unshared workspaces.
@Suite struct CoderFidelityEndToEndTests {
    static let namedSeed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: alice, name: Alice Adams}
          - {username: bob, name: Bob Builder}
          - {username: carol}
        groups:
          - {name: qa, members: [carol]}
        templates:
          - {name: go-dev}
        workspaces:
          - {owner: alice, name: existing, template: go-dev}
        """

    @Test func displayNamesDoNotMakeEveryRunChurn() async throws {
        try await withHarness(seed: Self.namedSeed) { h in
            try await h.commit([
                "ws.yaml": Docs.workspace(
                    "alice", "existing", spec: "  sharing: {users: {bob: use, carol: admin}, groups: {qa: use}}")
            ])
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["group:qa=use", "user:bob=use", "user:carol=admin"])
            let again = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(again.status == 0, "the second plan is empty: \(again.stdout)")
            #expect(again.stdout.contains("No changes: the server matches git."))
        }
    }

    @Test func aNoChangePlanOfAThousandMostlyUnsharedWorkspacesTakesAFewRequests() async throws {
        var seed =
            "apiVersion: atrium/v1\nkind: Seed\nusers: [{username: alice}, {username: bob, name: Bob "
            + "Builder}]\ntemplates: [{name: go-dev}]\nworkspaces:\n"
        var documents: [String] = []
        for index in 0..<1_000 {
            seed += "  - {owner: alice, name: w\(index), template: go-dev}\n"
            documents.append(
                Docs.workspace("alice", "w\(index)", spec: index % 10 == 0 ? "  sharing: {users: {bob: use}}" : ""))
        }
        try await withHarness(seed: seed) { h in
            try await h.commit(["workspaces.yaml": documents.joined(separator: "---\n")])
            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("Applied 100 changes"), "\(apply.stdout.suffix(300))")
            // Port shares have no listing on Coder: the closed choice reads them one workspace at a time.
            let again = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--stats"])
            #expect(again.status == 0, "\(again.stdout.suffix(500))")
            #expect(Self.requests(again.stderr).map { $0 > 1_000 && $0 <= 1_010 } == true, "\(again.stderr)")
            // Without reading ports (prune.ports: false), 900 unshared workspaces need no ACL reads.
            try await h.commit(["atrium.yaml": "apiVersion: atrium/v1\nkind: Config\nprune: {ports: false}\n"])
            let unread = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--stats"])
            #expect(unread.status == 0, "\(unread.stdout.suffix(500))")
            #expect(Self.requests(unread.stderr).map { $0 <= 10 } == true, "\(unread.stderr)")
            #expect(unread.stdout.contains("port shares of 1000 workspaces not compared: prune.ports is false"))
        }
    }

    /// policy.sharing is pushed to the organization's setting, only when allowed: Coder deletes
    /// every ACL of the organization for it; afterwards nothing is re-added.
    @Test func theOrganizationsSharingSettingChangesOnlyWhenAllowed() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "use"])
            try await h.commit([
                "atrium.yaml": Docs.config("policy: {sharing: none}"), "ws.yaml": Docs.workspace("alice", "existing"),
            ])
            let plan = try await h.reconcile(["--dry-run"])
            #expect(plan.stdout.contains("~ sharing setting everyone → none"), "\(plan.stdout)")
            #expect(
                plan.stderr.contains(
                    "makes \(h.server.baseURL) delete every workspace ACL in organization `default`; they are "
                        + "not restored"
                ), "\(plan.stderr)")
            #expect(!plan.stdout.contains("- unshare"), "the server deletes the grants itself")
            #expect(plan.stdout.contains("0 to release, 1 organization setting change."), "\(plan.stdout)")

            let refused = try await h.reconcile([])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("changes the sharing setting of organization default from everyone to none"),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("--allow-org-setting-change"))
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"], "nothing was written")

            let allowed = try await h.reconcile(["--allow-org-setting-change"])
            #expect(allowed.status == 0, "\(allowed.stdout)\n\(allowed.stderr)")
            let organization = try #require(try await h.server.store.organization("default"))
            #expect(organization.sharing == "none")
            #expect(try await h.sharing("alice", "existing").isEmpty)
            let after = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(after.status == 0, "nothing is re-added: \(after.stdout)")

            // Restored in one commit: the grants are planned against the setting the plan applies.
            try await h.commit([
                "atrium.yaml": Docs.config("policy: {sharing: everyone}"),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}"),
            ])
            let restore = try await h.reconcile(["--allow-org-setting-change"])
            #expect(restore.status == 0, "\(restore.stdout)\n\(restore.stderr)")
            #expect(!restore.stderr.contains("has sharing disabled"), "\(restore.stderr)")
            #expect(try await h.server.store.organization("default")?.sharing == "everyone")
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])

        }
    }

    /// Coder's default-style rate limit (here 120 a minute): a member's 300-workspace apply paces
    /// itself and ends with no failed request; an Owner's requests carry the bypass header.
    @Test func aRateLimitedApplyPacesItselfAndOwnersBypass() async throws {
        let limiter = RateLimiter(perMinute: 120)
        try await withHarness(rateLimiter: limiter) { h in
            var documents: [String] = []
            for index in 0..<300 { documents.append(Docs.workspace("alice", "w\(index)")) }
            try await h.commit(["workspaces.yaml": documents.joined(separator: "---\n")])
            let alice = try #require(try await h.server.store.user("alice"))
            let memberToken = try await h.server.store.createToken(userID: alice.id)
            // About 300 requests at 2 a second after the first 120: the pace, not the machine, sets its length.
            var command = Binary.command(
                ["reconcile", "--server", h.server.baseURL, "--auto-approve", "--stats"], in: h.repo,
                environment: ["ATRIUM_TOKEN": memberToken])
            command.deadline = .seconds(400)
            let apply = try await ChildProcess.run(command)
            #expect(apply.status == 0, "\(apply.stdout.suffix(600))\n\(apply.stderr.suffix(600))")
            #expect(apply.stdout.contains("Applied 300 changes"))
            let waited = apply.stderr.firstMatch(of: #/stats: .*waited ([0-9.]+) s in all for the server's rate limit/#)
                .flatMap { Double($0.output.1) }
            #expect((waited ?? 0) > 1, "the waiting is reported: \(apply.stderr)")
            #expect(limiter.bypassCount == 0, "a member cannot bypass")

            let owner = try await h.reconcile(["--dry-run"])
            #expect(owner.status == 0)
            #expect(limiter.bypassCount > 0, "an Owner's requests carry X-Coder-Bypass-Ratelimit")
        }
    }

    /// A member's token cannot see other people's workspaces: planning with it would create what
    /// exists. Coder's authcheck is asked first; the plan is refused unless the repository
    /// declares only the member's own workspaces.
    @Test func aTokenThatCannotSeeEverythingIsRefusedUnlessTheScopeIsItsOwn() async throws {
        try await withHarness { h in
            let bob = try #require(try await h.server.store.user("bob"))
            let bobToken = try await h.server.store.createToken(userID: bob.id)
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "a.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {carol: use}}"),
            ])
            let refused = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run"], in: h.repo,
                environment: ["ATRIUM_TOKEN": bobToken])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains(
                    "the token of bob may not read or update every workspace of organization default (git "
                        + "declares `alice/existing`)"
                ), "\(refused.stderr)")
            #expect(!refused.stdout.contains("+ create"), "no create was planned for a workspace the token cannot see")

            try h.remove("a.yaml")
            try await h.commit(["b.yaml": Docs.workspace("bob", "legacy", spec: "  sharing: {users: {carol: use}}")])
            let own = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--auto-approve"], in: h.repo,
                environment: ["ATRIUM_TOKEN": bobToken])
            #expect(own.status == 0, "\(own.stderr)")
            #expect(try await h.sharing("bob", "legacy") == ["user:carol=use"])
        }
    }

    /// The request count `--stats` reports.
    static func requests(_ stderr: String) -> Int? {
        stderr.split(separator: "\n").first { $0.hasPrefix("stats: ") && $0.contains("HTTP requests") }
            .flatMap { Int($0.dropFirst("stats: ".count).prefix { $0.isNumber }) }
    }
}

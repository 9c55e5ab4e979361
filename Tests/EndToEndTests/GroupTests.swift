import AtriumCore
import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `kind: Group`: membership reconciled like grants, and shown by what it does to people.
@Suite struct GroupTests {
    static func group(_ name: String, _ members: String) -> String {
        "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: \(name)}\nspec:\n  members: \(members)\n"
    }

    func members(_ h: Harness, _ group: String) async throws -> [String] {
        guard let record = try await h.server.store.group(group) else { return ["<absent>"] }
        return record.members.map(\.username).sorted()
    }

    /// A declared group's members become exactly git's; a member added by hand is drift (exit 2)
    /// and is removed on apply; a new group is created before the grant that names it.
    @Test func membershipIsReconciledAndHandMadeMembersAreDrift() async throws {
        try await withHarness { h in
            try await h.commit([
                "groups.yaml": Self.group("qa", "[erin, carol]"),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {groups: {qa: use}}"),
            ])
            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            #expect(apply.stdout.contains("+ add member carol"), "\(apply.stdout)")
            #expect(try await members(h, "qa") == ["carol", "erin"])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "in sync")

            // bob added by hand: drift.
            guard let qa = try await h.server.store.group("qa"), let bob = try await h.server.store.user("bob") else {
                throw HarnessError("no qa or bob")
            }
            _ = try await h.server.store.patchGroup(id: qa.id, add: [bob.id], remove: [], name: nil, displayName: nil)
            let drift = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2, "\(drift.stdout)")
            #expect(drift.stdout.contains("- remove member bob"), "\(drift.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await members(h, "qa") == ["carol", "erin"])

            // A new group, granted in the same commit: created, filled, then granted.
            try await h.commit([
                "groups.yaml": Self.group("qa", "[erin, carol]") + "---\n" + Self.group("reviewers", "[bob]"),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {groups: {qa: use, reviewers: use}}"),
            ])
            let create = try await h.reconcile([])
            #expect(create.status == 0, "\(create.stdout)\n\(create.stderr)")
            #expect(try await members(h, "reviewers") == ["bob"])
            #expect(try await h.sharing("alice", "existing") == ["group:qa=use", "group:reviewers=use"])
        }
    }

    /// Removing members counts toward the removal limit, like unshares.
    @Test func memberRemovalsCountTowardTheLimit() async throws {
        try await withHarness { h in
            try await h.commit(["groups.yaml": Self.group("qa", "[erin, carol, bob]")])
            #expect(try await h.reconcile([]).status == 0)
            try await h.commit(["groups.yaml": Self.group("qa", "[]")])
            let refused = try await h.reconcile(["--max-removals", "2"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("3 removals"), "\(refused.stderr)")
            #expect(try await members(h, "qa") == ["bob", "carol", "erin"], "nothing was removed")
        }
    }

    /// The effect of a membership on people, from git alone: in access (through which group,
    /// declared where) and in diff (who gains what), with --fail-on member-added.
    @Test func accessAndDiffShowWhatMembershipGivesPeople() async throws {
        try await withHarness { h in
            try await h.commit([
                "groups.yaml": Self.group("qa", "[erin]"),
                "ws.yaml": Docs.workspace("bob", "review-box", spec: "  sharing: {groups: {qa: use}}")
                    + "---\n" + Docs.workspace("bob", "staging", spec: "  sharing: {groups: {qa: admin}}"),
            ])
            let access = try await Binary.atrium(["access", "--user", "erin"], in: h.repo)
            #expect(access.status == 0, "\(access.stderr)")
            #expect(access.stdout.contains("group:qa"), "\(access.stdout)")
            #expect(access.stdout.contains("via group qa, member at groups.yaml:5"), "\(access.stdout)")

            try await h.commit(["groups.yaml": Self.group("qa", "[erin, jonas]")])
            let diff = try await Binary.atrium(["diff", "--base", "HEAD~1"], in: h.repo)
            #expect(diff.status == 0, "\(diff.stderr)")
            #expect(
                diff.stdout.contains("+ jonas joins group qa: gains bob/review-box use, bob/staging admin"),
                "\(diff.stdout)")
            let markdown = try await Binary.atrium(["diff", "--base", "HEAD~1", "--format", "markdown"], in: h.repo)
            #expect(markdown.stdout.contains("| + | group `qa` | jonas joins group qa"), "\(markdown.stdout)")
            let gate = try await Binary.atrium(["diff", "--base", "HEAD~1", "--fail-on", "member-added"], in: h.repo)
            #expect(gate.status == 3, "\(gate.stdout)")
        }
    }

    /// A declared display name is kept; under `prune.groups: true` a group git does not declare
    /// is deleted, its members counted toward the removal limit.
    @Test func displayNamesAndPruningGroups() async throws {
        try await withHarness { h in
            let qa =
                "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec:\n  displayName: Quality\n  "
                + "members: [erin]\n"
            try await h.commit(["groups.yaml": qa])
            let rename = try await h.reconcile([])
            #expect(rename.status == 0 && rename.stdout.contains("~ display name"), "\(rename.stdout)")
            #expect(try await h.server.store.group("qa")?.displayName == "Quality")

            try await h.commit(["groups.yaml": qa, "atrium.yaml": Docs.config("prune: {groups: true}")])
            let plan = try await h.reconcile(["--dry-run"])
            #expect(plan.stdout.contains("group oncall") && plan.stdout.contains("- delete group"), "\(plan.stdout)")
            let refused = try await h.reconcile(["--max-removals", "1"])
            #expect(
                refused.status == 1 && refused.stderr.contains("2 removals"),
                "oncall and its member dave: \(refused.stderr)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.server.store.group("oncall") == nil)
            #expect(try await h.server.store.group("qa") != nil)
        }
    }

    /// access --live reports membership drift: a member added by hand is not-declared (exit 3).
    @Test func accessLiveReportsMembershipDrift() async throws {
        try await withHarness { h in
            try await h.commit(["groups.yaml": Self.group("qa", "[erin]")])
            let environment = ["ATRIUM_TOKEN": h.token]
            let inSync = try await Binary.atrium(
                ["access", "--live", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(inSync.status == 0, "\(inSync.stdout)\n\(inSync.stderr)")
            #expect(inSync.stdout.contains("group qa") && inSync.stdout.contains("user:erin"), "\(inSync.stdout)")
            guard let qa = try await h.server.store.group("qa"), let bob = try await h.server.store.user("bob") else {
                throw HarnessError("no qa or bob")
            }
            _ = try await h.server.store.patchGroup(id: qa.id, add: [bob.id], remove: [], name: nil, displayName: nil)
            let drift = try await Binary.atrium(
                ["access", "--live", "--server", h.server.baseURL, "--format", "csv"], in: h.repo,
                environment: environment)
            #expect(drift.status == 3, "\(drift.stdout)\n\(drift.stderr)")
            #expect(drift.stdout.contains("group qa,user:bob,,,not-declared,member"), "\(drift.stdout)")
        }
    }

    /// show group:NAME and template:NAME: members and ACL entries in git and on the server.
    @Test func showComparesGroupsAndTemplateACLs() async throws {
        try await withHarness { h in
            try await h.commit([
                "groups.yaml": Self.group("qa", "[erin]"),
                "access.yaml": TemplateAccessTests.access("python-dev", "  users: {alice: admin}"),
            ])
            let environment = ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]
            guard let qa = try await h.server.store.group("qa"), let bob = try await h.server.store.user("bob") else {
                throw HarnessError("no qa or bob")
            }
            _ = try await h.server.store.patchGroup(id: qa.id, add: [bob.id], remove: [], name: nil, displayName: nil)
            let group = try await Binary.atrium(
                ["show", "group:qa", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(group.status == 0, "\(group.stderr)")
            let lines = group.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "group qa: declared in git, exists on \(h.server.baseURL)", "\(group.stdout)")
            #expect(lines.contains { $0.contains("user:bob") && $0.hasSuffix("to-unshare") }, "\(group.stdout)")
            #expect(
                lines.contains { $0.contains("user:erin") && $0.contains("in-sync") && $0.contains("groups.yaml:") },
                "\(group.stdout)")
            let template = try await Binary.atrium(
                ["show", "template:python-dev", "--server", h.server.baseURL, "--format", "json"], in: h.repo,
                environment: environment)
            #expect(template.status == 0, "\(template.stderr)")
            #expect(template.stdout.contains("\"subject\" : \"group:Everyone\""), "\(template.stdout)")
            #expect(template.stdout.contains("\"status\" : \"to-unshare\""), "Everyone is not declared")
            let unknown = try await Binary.atrium(
                ["show", "group:nope", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(unknown.status == 1 && unknown.stderr.contains("no group `nope`"), "\(unknown.stderr)")
        }
    }

    /// list --groups and --templates: the identity side as the server has it.
    @Test func listShowsGroupsAndTemplateACLs() async throws {
        try await withHarness { h in
            let environment = ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]
            let groups = try await Binary.atrium(
                ["list", "--groups", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(groups.status == 0, "\(groups.stderr)")
            let lines = groups.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("GROUP") == true)
            #expect(lines.contains { $0.hasPrefix("qa ") && $0.hasSuffix(" erin") }, "\(groups.stdout)")
            #expect(lines.contains { $0.hasPrefix("Everyone ") && $0.contains("alice") && $0.contains("erin") })
            let templates = try await Binary.atrium(
                ["list", "--templates", "--server", h.server.baseURL, "--format", "json"], in: h.repo,
                environment: environment)
            #expect(templates.status == 0, "\(templates.stderr)")
            #expect(templates.stdout.contains("\"group:Everyone\" : \"use\""), "\(templates.stdout)")
        }
    }

    /// Members of the Everyone group cannot be declared: every organization member is one.
    @Test func everyonesMembersCannotBeDeclared() async throws {
        try await withHarness { h in
            try await h.commit(["groups.yaml": Self.group("Everyone", "[erin]")])
            let result = try await Binary.atrium(["validate"], in: h.repo)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("the Everyone group's members are every member of the organization"),
                "\(result.stderr)")
        }
    }
}

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
                "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec:\n  displayName: Quality\n  members: [erin]\n"
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

/// `kind: TemplateAccess`: a template's whole ACL, reconciled through Coder's template ACL API.
@Suite struct TemplateAccessTests {
    static func access(_ template: String, _ spec: String) -> String {
        "apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: \(template)}\nspec:\n\(spec)\n"
    }

    func acl(_ h: Harness, _ template: String) async throws -> [String] {
        guard let organization = try await h.server.store.organization("default"),
            let record = try await h.server.store.template(organizationID: organization.id, name: template)
        else { return ["<absent>"] }
        let acl = try await h.server.store.templateACL(record)
        return
            (acl.users.map { "user:\($0.user.username)=\($0.role)" } + acl.groups.map { "group:\($0.name)=\($0.role)" })
            .sorted()
    }

    /// The declared set becomes the ACL (the Everyone group's default use revoked when left
    /// out, and the plan says so); a grant made by hand is drift and is revoked.
    @Test func theDeclaredSetIsTheWholeACL() async throws {
        try await withHarness { h in
            #expect(try await acl(h, "python-dev") == ["group:Everyone=use"], "Coder's default")
            try await h.commit([
                "access.yaml": Self.access("python-dev", "  users: {alice: admin}\n  groups: {qa: use}")
            ])
            let plan = try await h.reconcile(["--dry-run"])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("+ grant user:alice admin"), "\(plan.stdout)")
            #expect(plan.stdout.contains("- revoke group:Everyone (was use)"), "\(plan.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await acl(h, "python-dev") == ["group:qa=use", "user:alice=admin"])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "in sync")

            guard let organization = try await h.server.store.organization("default"),
                let template = try await h.server.store.template(organizationID: organization.id, name: "python-dev"),
                let bob = try await h.server.store.user("bob")
            else { throw HarnessError("no template or bob") }
            try await h.server.store.patchTemplateACL(template, users: [bob.id: "use"], groups: [:])
            let drift = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2 && drift.stdout.contains("- revoke user:bob (was use)"), "\(drift.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await acl(h, "python-dev") == ["group:qa=use", "user:alice=admin"])
        }
    }

    /// diff shows template access changes, and --fail-on template-admin catches a new admin.
    @Test func diffShowsTemplateAccessAndFailsOnANewAdmin() async throws {
        try await withHarness { h in
            try await h.commit(["access.yaml": Self.access("python-dev", "  groups: {Everyone: use}")])
            try await h.commit([
                "access.yaml": Self.access("python-dev", "  users: {carol: admin}\n  groups: {Everyone: use}")
            ])
            let diff = try await Binary.atrium(["diff", "--base", "HEAD~1"], in: h.repo)
            #expect(diff.stdout.contains("+ user:carol gains admin on template python-dev"), "\(diff.stdout)")
            let gate = try await Binary.atrium(["diff", "--base", "HEAD~1", "--fail-on", "template-admin"], in: h.repo)
            #expect(gate.status == 3, "\(gate.stdout)")
            let workspaceAdmin = try await Binary.atrium(
                ["diff", "--base", "HEAD~1", "--fail-on", "admin-grant"], in: h.repo)
            #expect(workspaceAdmin.status == 0, "admin-grant is about workspaces: \(workspaceAdmin.stdout)")
        }
    }

    /// An onboarding link for a template the person may not use is a dead link: factory warns,
    /// knowing the person from `--set user=` and the groups git declares.
    @Test func factoryWarnsOfALinkThePersonMayNotUse() async throws {
        try await withHarness { h in
            let factory = """
                apiVersion: atrium/v1
                kind: FactoryTemplate
                metadata: {name: start}
                spec:
                  dialect: coder
                  baseURL: http://coder.example.com
                  template: python-dev
                  workspaceName: "{{user}}-dev"
                  inputs: {user: {required: true}}
                """
            try await h.commit([
                "access.yaml": Self.access("python-dev", "  users: {alice: use}\n  groups: {qa: use}"),
                "groups.yaml": GroupTests.group("qa", "[carol]"), "factory.yaml": factory,
            ])
            let bob = try await Binary.atrium(["factory", "start", "--set", "user=bob"], in: h.repo)
            #expect(bob.status == 0 && bob.stdout.hasPrefix("http://coder.example.com/"), "\(bob.stderr)")
            #expect(bob.stderr.contains("warning: bob may not use template `python-dev`"), "\(bob.stderr)")
            for user in ["alice", "carol"] {
                let allowed = try await Binary.atrium(["factory", "start", "--set", "user=\(user)"], in: h.repo)
                #expect(!allowed.stderr.contains("may not use"), "\(user): \(allowed.stderr)")
            }
        }
    }
}

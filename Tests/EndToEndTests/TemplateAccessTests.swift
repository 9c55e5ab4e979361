import AtriumCore
import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

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
            let sha = try await h.commit([
                "access.yaml": Self.access("python-dev", "  users: {alice: admin}\n  groups: {qa: use}")
            ])
            let traced = try await h.reconcile(["--dry-run", "--provenance"])
            let grant = traced.stdout.split(separator: "\n").first { $0.contains("+ grant user:alice admin") } ?? ""
            #expect(grant.contains("access.yaml:") && grant.contains("added in \(sha.prefix(12))"), "\(traced.stdout)")
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
            // validate knows nobody in particular: it says who the links work for.
            let validate = try await Binary.atrium(["validate"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(validate.status == 0, "a warning: \(validate.stderr)")
            #expect(
                validate.stderr.contains("factory.yaml:")
                    && validate.stderr.contains(
                        "the links of FactoryTemplate `start` open template `python-dev`, which only group:qa, "
                            + "user:alice may use"
                    ),
                "\(validate.stderr)")
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

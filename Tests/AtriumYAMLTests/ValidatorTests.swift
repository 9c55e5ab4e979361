import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// Cross-document validation read from YAML text: each finding at the file, line and column it is
/// about (the rules themselves, on documents built in Swift, are in AtriumCoreTests).
@Suite struct ValidatorTests {
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    func load(_ files: [String: String], now: Date = ValidatorTests.now) -> LoadResult {
        let sources = files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, bytes: Array($0.value.utf8)) }
        return DesiredStateLoader.load(
            SourceSnapshot(commit: "abc", isWorktree: false, files: sources, refused: []), now: now)
    }

    func messages(_ files: [String: String]) -> [String] {
        load(files).diagnostics.map { "\($0.location?.description ?? "-"): \($0.message)" }
    }

    @Test func duplicateWorkspacesAcrossFiles() {
        let result = messages(["a.yaml": workspaceYAML("api"), "b.yaml": workspaceYAML("api", template: "python-dev")])
        #expect(result == ["b.yaml:3:18: workspace `alice/api` is declared twice (first at a.yaml:3:18)"])
    }

    @Test func sameNameForDifferentOwnersIsFine() {
        #expect(load(["a.yaml": workspaceYAML("api"), "b.yaml": workspaceYAML("api", owner: "bob")]).isValid)
    }

    @Test func unknownTemplatesWhenTheConfigListsThem() {
        let config =
            "apiVersion: atrium/v1\nkind: Config\ntemplates: [go-dev]\nscope: {templates: [go-dev, rust-dev]}\n"
        let factory =
            "apiVersion: atrium/v1\nkind: FactoryTemplate\nmetadata: {name: f}\nspec: {dialect: coder, "
            + "template: go-dv, baseURL: \"https://c\"}\n"
        let result = messages([
            "atrium.yaml": config, "w.yaml": workspaceYAML("api", template: "python-dev"), "f.yaml": factory,
        ])
        #expect(
            result == [
                "atrium.yaml:1:1: scope names unknown template `rust-dev` (templates are listed at atrium.yaml:3:12)",
                "f.yaml:4:34: FactoryTemplate `f` names unknown template `go-dv` (templates are listed at "
                    + "atrium.yaml:3:12)",
                "w.yaml:5:13: workspace `alice/api` names unknown template `python-dev` (templates are listed "
                    + "at atrium.yaml:3:12)",
            ])
        #expect(
            load(["w.yaml": workspaceYAML("api", template: "anything")]).isValid,
            "without a list, templates are the server's business")
    }

    @Test func grantsToTheOwner() {
        let direct = workspaceYAML("api", extra: "  sharing: {users: {alice: use}}")
        #expect(
            messages(["w.yaml": direct]) == [
                "w.yaml:6:21: `alice` owns `alice/api` and cannot also be granted a role on it"
            ])
        let grant =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: "
            + "[alice/api]}\n  users: {alice: use}\n"
        #expect(
            messages(["w.yaml": workspaceYAML("api"), "g.yaml": grant]) == [
                "g.yaml:6:11: Grant `g` gives `alice` a role on `alice/api`, which `alice` owns"
            ])
    }

    @Test func grantsThatSelectNothing() {
        let w = workspaceYAML("api", extra: "").replacingOccurrences(
            of: "owner: alice}", with: "owner: alice, labels: {team: payments}}")
        let selector =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {selector: {team: "
            + "payment}}\n  groups: {qa: use}\n"
        #expect(
            messages(["w.yaml": w, "g.yaml": selector]) == [
                "g.yaml:5:15: Grant `g` selects no workspace (no Workspace has labels team=payment)"
            ])
        let matching = selector.replacingOccurrences(of: "payment}", with: "payments}")
        #expect(load(["w.yaml": w, "g.yaml": matching]).isValid)
        let names =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: [alice/api, "
            + "alice/apo]}\n  groups: {qa: use}\n"
        let result = load(["w.yaml": w, "g.yaml": names])
        #expect(
            result.diagnostics.map(\.message) == ["Grant `g` names `alice/apo`, which no Workspace document declares"])
        #expect(result.diagnostics.first?.hint == "did you mean `alice/api`?")
    }

    @Test func policyMaxRoleCoversWorkspacesAndGrants() {
        let config = "apiVersion: atrium/v1\nkind: Config\npolicy: {maxRole: use}\n"
        let w = workspaceYAML("api", extra: "  sharing: {users: {bob: admin}, groups: {qa: use}}")
        let grant =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: "
            + "[alice/api]}\n  groups: {oncall: admin}\n"
        #expect(
            messages(["atrium.yaml": config, "w.yaml": w, "g.yaml": grant]) == [
                "g.yaml:6:20: role `admin` for group:oncall is above `policy.maxRole: use` (atrium.yaml:3:19)",
                "w.yaml:6:26: role `admin` for user:bob is above `policy.maxRole: use` (atrium.yaml:3:19)",
            ])
    }

    @Test func policySharingNoneForbidsEveryGrantAndLinks() {
        let config = "apiVersion: atrium/v1\nkind: Config\npolicy: {sharing: none}\n"
        let w = workspaceYAML("api", extra: "  sharing: {users: {bob: use}, link: everyone}")
        let result = load(["atrium.yaml": config, "w.yaml": w])
        #expect(result.errorCount == 2)
        #expect(
            result.diagnostics.map(\.message).allSatisfy { $0.contains("`policy.sharing: none` (atrium.yaml:3:19)") })
        #expect(
            load(["atrium.yaml": config, "w.yaml": workspaceYAML("api", extra: "  sharing: {link: owner}")]).isValid)
    }

    @Test func policyLinkForbidden() {
        let config = "apiVersion: atrium/v1\nkind: Config\npolicy: {link: forbidden}\n"
        let w = workspaceYAML("api", extra: "  sharing: {link: everyone}")
        #expect(
            messages(["atrium.yaml": config, "w.yaml": w]) == [
                "w.yaml:6:19: `alice/api` cannot use `link: everyone`: `policy.link: forbidden` "
                    + "(atrium.yaml:3:16) forbids link sharing"
            ])
    }

    @Test func policyRequireExpiryAppliesToUsersOnly() {
        let config = "apiVersion: atrium/v1\nkind: Config\npolicy: {requireExpiry: true}\n"
        let w = workspaceYAML(
            "api", extra: "  sharing: {users: {bob: use, carol: {role: use, expires: 2027-01-01}}, groups: {qa: use}}")
        #expect(
            messages(["atrium.yaml": config, "w.yaml": w]) == [
                "w.yaml:6:21: the grant to user:bob has no `expires`, which `policy.requireExpiry: true` "
                    + "(atrium.yaml:3:25) demands"
            ])
        let grant =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: "
            + "[alice/api]}\n  users: {dave: use}\n  expires: 2027-01-01\n"
        #expect(
            load(["atrium.yaml": config, "w.yaml": workspaceYAML("api"), "g.yaml": grant]).isValid,
            "a Grant's expires covers its users")
    }

    @Test func expiredGrantsAreWarningsNotErrors() {
        let w = workspaceYAML("api", extra: "  sharing: {users: {bob: {role: use, expires: 2026-11-01T00:00:00Z}}}")
        let result = load(["w.yaml": w])
        #expect(result.isValid)
        #expect(result.warningCount == 1)
        #expect(result.diagnostics.first?.location == SourceLocation(file: "w.yaml", line: 6, column: 47))
        #expect(load(["w.yaml": w], now: Timestamp.parse("2026-10-01")!).warningCount == 0)
    }

    @Test func duplicateAndExcessSnapshots() {
        let twice = workspaceYAML("api", extra: "  snapshots: [{name: a}, {name: a}]")
        #expect(messages(["w.yaml": twice]) == ["w.yaml:6:33: snapshot `a` is listed twice (first at w.yaml:6:22)"])
        let many = (1...11).map { "{name: s\($0)}" }.joined(separator: ", ")
        #expect(
            load(["w.yaml": workspaceYAML("api", extra: "  snapshots: [\(many)]")]).diagnostics.first?.message
                == "`alice/api` lists 11 snapshots")
    }

    @Test func emptyInputIsAWarning() {
        let result = load([:])
        #expect(result.isValid)
        #expect(result.diagnostics.first?.message == "no .yaml or .yml files were found")
    }

    @Test func effectiveAccessIsTheHighestRoleWithEverySource() throws {
        let w = workspaceYAML("api", extra: "  sharing: {users: {bob: use, carol: {role: admin, expires: 2026-01-01}}}")
            .replacingOccurrences(of: "owner: alice}", with: "owner: alice, labels: {team: payments}}")
        let grant =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {selector: {team: "
            + "payments}}\n  users: {bob: admin, carol: use}\n"
        let result = load(["w.yaml": w, "g.yaml": grant])
        let access = EffectiveAccess(state: result.state, now: Self.now)
        let entries = access.entries(for: WorkspaceID(owner: "alice", name: "api"))
        #expect(entries.map { "\($0.subject)=\($0.role.rawValue)" } == ["user:bob=admin", "user:carol=use"])
        let bob = try #require(entries.first)
        #expect(bob.sources.map(\.grantName) == [nil, "g"])
        #expect(bob.sources.map(\.location.file) == ["w.yaml", "g.yaml"])
        #expect(entries[1].sources.count == 1, "carol's expired admin grant is not desired")
    }

    /// Effective access finds a Grant's workspaces through a label index; it must agree with
    /// `Grant.selects` (every label matches) for one label, several, and names.
    @Test func effectiveAccessSelectsAsGrantsSelect() throws {
        let labels = [
            ("api", "{team: payments, tier: prod}"), ("web", "{team: payments, tier: dev}"),
            ("etl", "{team: data, tier: prod}"), ("ops", "{}"),
        ]
        var files: [String: String] = [:]
        for (name, set) in labels {
            files["\(name).yaml"] = workspaceYAML(name).replacingOccurrences(
                of: "owner: alice}", with: "owner: alice, labels: \(set)}")
        }
        let grants = [
            ("both", "{selector: {team: payments, tier: prod}}", "bob"),
            ("team", "{selector: {team: payments}}", "carol"),
            ("tier", "{selector: {tier: prod}}", "dave"), ("named", "{names: [alice/ops, alice/web]}", "erin"),
        ]
        for (name, workspaces, user) in grants {
            files["\(name).yaml"] =
                "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: \(name)}\nspec:\n  workspaces: "
                + "\(workspaces)\n  users: {\(user): use}\n"
        }
        let result = load(files)
        #expect(result.isValid, "\(result.diagnostics)")
        let access = EffectiveAccess(state: result.state, now: Self.now)
        for workspace in result.state.workspaces {
            let expected = result.state.grants.filter { $0.selects(workspace) }.flatMap {
                $0.grants.map(\.subject.description)
            }.sorted()
            #expect(access.entries(for: workspace.id).map(\.subject.description) == expected, "\(workspace.id)")
        }
        #expect(
            access.entries(for: WorkspaceID(owner: "alice", name: "api")).map(\.subject.description) == [
                "user:bob", "user:carol", "user:dave",
            ])
        #expect(
            access.entries(for: WorkspaceID(owner: "alice", name: "ops")).map(\.subject.description) == ["user:erin"])
    }
}

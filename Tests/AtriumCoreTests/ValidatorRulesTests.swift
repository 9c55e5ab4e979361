import Foundation
import Testing

@testable import AtriumCore

/// The decoder and the validator on documents built in Swift (`Node`): what each kind decodes
/// to, and the cross-document rules and the policy, by what they say. Where a finding points in
/// YAML text is tested beside the parser (AtriumYAMLTests).
@Suite struct ValidatorRulesTests {
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    func load(_ files: [String: Node], now: Date = ValidatorRulesTests.now) -> LoadResult {
        Documents.load(files, now: now)
    }

    func errors(_ files: [String: Node]) -> [String] {
        load(files).diagnostics.filter { $0.severity == .error }.map(\.message)
    }

    @Test func eachKindDecodesIntoTheModel() throws {
        let result = load([
            "w.yaml": Documents.workspace(
                "api",
                spec: [
                    "parameters": ["region": "eu", "cpus": 4],
                    "sharing": [
                        "users": ["bob": "admin", "carol": ["role": "use", "expires": "2027-01-01"]],
                        "groups": ["qa": "use"], "link": "everyone",
                        "ports": [["port": 8080, "level": "authenticated", "protocol": "https"]],
                    ],
                ]),
            "g.yaml": Documents.grant("g", workspaces: ["names": ["alice/api"]], spec: ["groups": ["oncall": "admin"]]),
            "q.yaml": [
                "apiVersion": "atrium/v1", "kind": "Group", "metadata": ["name": "qa"],
                "spec": ["displayName": "QA", "members": ["bob", ["user": "carol", "expires": "2027-01-31"]]],
            ],
            "t.yaml": [
                "apiVersion": "atrium/v1", "kind": "TemplateAccess", "metadata": ["name": "go-dev"],
                "spec": ["users": ["bob": "admin"], "groups": ["Everyone": "use"]],
            ],
        ])
        #expect(result.isValid, "\(result.diagnostics)")
        let workspace = try #require(result.state.workspaces.first)
        #expect(workspace.id == WorkspaceID(owner: "alice", name: "api") && workspace.template == "go-dev")
        #expect(workspace.parameters == ["region": "eu", "cpus": "4"], "numbers are their written text")
        #expect(
            workspace.grants.map { "\($0.subject)=\($0.role.rawValue)" }.sorted() == [
                "group:qa=use", "user:bob=admin", "user:carol=use",
            ])
        #expect(workspace.link == .everyone)
        #expect(
            workspace.ports?.map { "\($0.port) \($0.level.rawValue) \($0.protocol.rawValue)" } == [
                "8080 authenticated https"
            ])
        #expect(result.state.grants.first?.grants.map(\.subject) == [.group("oncall")])
        #expect(result.state.group("qa")?.members?.map(\.user) == ["bob", "carol"])
        #expect(result.state.templateAccess.first?.roles(at: Self.now)[.group("Everyone")]?.role == .use)
    }

    @Test func unknownFieldsAndWrongTypesAreFound() {
        let found = errors([
            "w.yaml": Documents.workspace("api", spec: ["sharng": ["users": ["bob": "use"]]]),
            "x.yaml": Documents.workspace("web", spec: ["sharing": ["users": ["bob": "owner"]]]),
        ])
        #expect(found.contains { $0.contains("unknown field `sharng`") }, "\(found)")
        #expect(found.contains { $0.contains("`owner`") }, "\(found)")
    }

    @Test func duplicatesAndGrantsToTheOwner() {
        let found = errors([
            "a.yaml": Documents.workspace("api"), "b.yaml": Documents.workspace("api", template: "python-dev"),
            "c.yaml": Documents.workspace("web", spec: ["sharing": ["users": ["alice": "use"]]]),
        ])
        #expect(found.contains { $0.hasPrefix("workspace `alice/api` is declared twice") }, "\(found)")
        #expect(found.contains("`alice` owns `alice/web` and cannot also be granted a role on it"), "\(found)")
        #expect(
            load(["a.yaml": Documents.workspace("api"), "b.yaml": Documents.workspace("api", owner: "bob")]).isValid)
    }

    @Test func thePolicyBoundsRolesLinksExpiriesAndPorts() {
        let config = Documents.config([
            "policy": [
                "maxRole": "use", "link": "forbidden", "requireExpiry": true, "maxPortShareLevel": "organization",
            ]
        ])
        let found = errors([
            "atrium.yaml": config,
            "w.yaml": Documents.workspace(
                "api",
                spec: [
                    "sharing": [
                        "users": ["bob": ["role": "admin", "expires": "2027-01-01"], "carol": "use"],
                        "groups": ["qa": "use"], "link": "everyone",
                        "ports": [["port": 8080, "level": "authenticated"]],
                    ]
                ]),
            "g.yaml": Documents.grant(
                "all", workspaces: ["names": ["alice/api"]], spec: ["groups": ["Everyone": "use"]]),
        ])
        #expect(found.contains { $0.hasPrefix("role `admin` for user:bob is above `policy.maxRole: use`") }, "\(found)")
        #expect(
            found.contains {
                $0.hasPrefix("a grant to the Everyone group opens the workspace to every member of the organization")
            }, "link: forbidden cannot be side-stepped by granting Everyone: \(found)")
        #expect(found.contains { $0.hasPrefix("`alice/api` cannot use `link: everyone`") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("the grant to user:carol has no `expires`") }, "\(found)")
        #expect(!found.contains { $0.contains("group:qa has no `expires`") }, "groups need none")
        #expect(found.contains { $0.hasPrefix("port 8080 of `alice/api` is shared `authenticated`, wider than") })
        #expect(found.count == 5, "\(found)")
    }

    @Test func grantsThatSelectNothingAndExpiredGrants() {
        let result = load([
            "w.yaml": Documents.workspace(
                "api", spec: ["sharing": ["users": ["bob": ["role": "use", "expires": "2026-11-01"]]]]),
            "g.yaml": Documents.grant(
                "g", workspaces: ["selector": ["team": "nobody"]], spec: ["groups": ["qa": "use"]]),
        ])
        #expect(result.errorCount == 1)
        #expect(result.diagnostics.contains { $0.message.hasPrefix("Grant `g` selects no workspace") })
        #expect(result.warningCount == 1, "an expired grant is a warning: \(result.diagnostics)")
    }

    @Test func effectiveAccessIsTheHighestRoleWithEverySource() throws {
        let result = load([
            "w.yaml": Documents.workspace(
                "api",
                spec: ["sharing": ["users": ["bob": "use", "carol": ["role": "admin", "expires": "2026-01-01"]]]]),
            "g.yaml": Documents.grant(
                "g", workspaces: ["names": ["alice/api"]], spec: ["users": ["bob": "admin", "carol": "use"]]),
        ])
        let entries = EffectiveAccess(state: result.state, now: Self.now).entries(
            for: WorkspaceID(owner: "alice", name: "api"))
        #expect(entries.map { "\($0.subject)=\($0.role.rawValue)" } == ["user:bob=admin", "user:carol=use"])
        #expect(entries.first?.sources.map(\.grantName) == [nil, "g"])
        #expect(entries.last?.sources.count == 1, "carol's expired admin grant is not desired")
    }
}

import Foundation
import Testing

@testable import AtriumCore

/// `sharing.ports` planned against the live port shares: upserts, drift removed and counted, the
/// template's maximum and the agent checked before any write, URLs, and the diff's port changes.
@Suite struct PortPlanningTests {
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    func load(_ files: [String: Node]) -> LoadResult {
        Documents.load(files, now: Self.now)
    }

    static let raised = Documents.config(["policy": ["maxPortShareLevel": "public"]])

    func live(_ workspaces: [LiveState.Workspace], maximum: PortShareLevel? = .public, host: String? = "*.apps.test")
        -> LiveState
    {
        var state = LiveState(
            serverURL: "https://coder.test", organization: "default", organizationID: "org", sharingEnabled: true,
            capabilities: .init(admission: false, snapshots: false, serverName: "Coder v2.24.0"),
            users: ["alice": "u1", "bob": "u2"], groups: [:],
            templates: ["go-dev": .init(id: "t1", parameters: nil)],
            workspaces: Dictionary(uniqueKeysWithValues: workspaces.map { ($0.workspaceID, $0) }))
        state.templates["go-dev"]?.maxPortShareLevel = maximum
        state.wildcardHost = host
        return state
    }

    func workspace(_ name: String, ports: [PortShare] = [], agents: [String] = ["main"]) -> LiveState.Workspace {
        var workspace = LiveState.Workspace(id: "id-\(name)", owner: "alice", name: name, template: "go-dev")
        workspace.ports = ports
        workspace.agents = agents
        return workspace
    }

    func errors(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .error }.map {
            "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)"
        }
    }

    @Test func declaredSharesAreAppliedOnceAndDriftIsRemovedAndCounted() {
        let state = load([
            "w.yaml": Documents.workspace(
                "api",
                spec: [
                    "sharing": [
                        "ports": [
                            ["port": 8080, "level": "authenticated"],
                            ["port": 8443, "level": "organization", "protocol": "https"],
                        ]
                    ]
                ])
        ]).state
        let handMade = PortShare(agent: "main", port: 3000, level: .public)
        let before = live([
            workspace("api", ports: [PortShare(agent: "main", port: 8080, level: .organization), handMade])
        ])
        let result = Planner(desired: state, live: before, now: Self.now, commit: "c").plan()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(
            result.plan.actions.map { PlanFormatter.phrase($0) } == [
                "port 8080 (agent main) organization/http → authenticated/http",
                "share port 8443 (agent main) organization/https",
                "unshare port 3000 (agent main) public/http",
            ])
        #expect(result.plan.removals?.count == 1, "the hand-made share is a removal; widening is not")
        #expect(
            result.plan.portLinks.map { $0.url ?? "-" } == [
                "https://8080--main--api--alice.apps.test", "https://8443s--main--api--alice.apps.test",
            ])
        var after = before
        after.workspaces[WorkspaceID(owner: "alice", name: "api")]?.ports = [
            PortShare(agent: "main", port: 8080, level: .authenticated),
            PortShare(agent: "main", port: 8443, level: .organization, protocol: .https),
        ]
        #expect(Planner(desired: state, live: after, now: Self.now, commit: "c").plan().plan.isEmpty)
    }

    /// A port shared by hand is drift on every governed workspace, whether or not it declares
    /// `sharing.ports` (the closed choice); `prune.ports: false` must be written to leave such
    /// shares alone, and then the plan says which workspaces' port shares it did not compare.
    @Test func undeclaredPortsAreGovernedUnlessPrunePortsIsFalse() {
        let files: [String: Node] = ["w.yaml": Documents.workspace("api"), "x.yaml": Documents.workspace("web")]
        let open = PortShare(agent: "main", port: 9000, level: .public)
        let before = live([
            workspace("api", ports: [open]), workspace("web", ports: []), workspace("other", ports: [open]),
        ])
        let declaredScope = Planner(desired: load(files).state, live: before, now: Self.now, commit: "c").plan()
        #expect(
            declaredScope.plan.actions.map { "\($0.kind.rawValue) \($0.workspace) \(Self.port(of: $0))" } == [
                "unshare-port alice/api 9000"
            ], "alice/other is not governed with scope: declared")
        #expect(!declaredScope.plan.notCompared.contains { $0.surface == .ports })
        var all = files
        all["atrium.yaml"] = Documents.config(["scope": "all"])
        let pruned = Planner(desired: load(all).state, live: before, now: Self.now, commit: "c").plan()
        #expect(
            pruned.plan.actions.map { "\($0.kind.rawValue) \($0.workspace) \(Self.port(of: $0))" } == [
                "unshare-port alice/api 9000", "unshare-port alice/other 9000",
            ])
        #expect(pruned.plan.removals?.count == 2)
        var optedOut = files
        optedOut["atrium.yaml"] = Documents.config(["prune": ["ports": false]])
        let left = Planner(desired: load(optedOut).state, live: before, now: Self.now, commit: "c").plan()
        #expect(left.plan.isEmpty)
        #expect(
            left.plan.notCompared.filter { $0.surface == .ports }.map(\.description) == [
                "port shares of 2 workspaces not compared: prune.ports is false"
            ])
        #expect(PlanFormatter().text(left.plan).contains("the server matches git on every surface compared"))
    }

    @Test func theTemplateMaximumAndTheAgentAreCheckedBeforeAnyWrite() {
        let state = load([
            "atrium.yaml": Self.raised,
            "w.yaml": Documents.workspace("api", spec: ["sharing": ["ports": [["port": 8080, "level": "public"]]]]),
            "x.yaml": Documents.workspace(
                "web", spec: ["sharing": ["ports": [["port": 8080, "level": "authenticated"]]]]),
            "y.yaml": Documents.workspace(
                "cli", spec: ["sharing": ["ports": [["port": 8080, "agent": "side", "level": "authenticated"]]]]),
        ]).state
        let before = live(
            [workspace("api"), workspace("web", agents: ["main", "db"]), workspace("cli")], maximum: .authenticated)
        let found = errors(Planner(desired: state, live: before, now: Self.now, commit: "c").plan().diagnostics)
        #expect(
            found.contains { $0.contains("template `go-dev` lets ports be shared at most `authenticated`") }, "\(found)"
        )
        #expect(found.contains { $0.contains("`alice/web` has 2 agents, so port 8080 must name one") }, "\(found)")
        #expect(found.contains { $0.contains("`alice/cli` has no agent `side`") }, "\(found)")
    }

    @Test func withoutAWildcardHostThePlanSaysWhyThereIsNoURL() {
        let state = load([
            "w.yaml": Documents.workspace(
                "api", spec: ["sharing": ["ports": [["port": 8080, "level": "authenticated"]]]])
        ])
        .state
        let plan = Planner(desired: state, live: live([workspace("api")], host: ""), now: Self.now, commit: "c").plan()
            .plan
        #expect(plan.portLinks.map(\.url) == [nil])
        #expect(plan.portLinkNote?.contains("no wildcard access URL") == true)
        #expect(PlanFormatter().text(plan).contains("note: https://coder.test has no wildcard access URL"))
    }

    @Test func aDiffShowsPortChangesAndFailsOnPublic() {
        let base = load([
            "w.yaml": Documents.workspace(
                "api", spec: ["sharing": ["ports": [["port": 8080, "level": "authenticated"]]]])
        ])
        .state
        let head = load([
            "atrium.yaml": Self.raised,
            "w.yaml": Documents.workspace(
                "api",
                spec: [
                    "sharing": [
                        "ports": [["port": 8080, "level": "public"], ["port": 9000, "level": "organization"]]
                    ]
                ]),
        ]).state
        let diff = AccessDiff.compare(
            base: base, head: head, now: Self.now, baseRevision: .init(name: "base", commit: "a"),
            headRevision: .init(name: "head", commit: "b"))
        let ports = diff.changes.filter { $0.kind == .portChange }
        #expect(ports.map(\.phrase) == ["port 8080 authenticated → public", "port 9000 shared organization"])
        #expect(diff.failures([.portPublic]).count == 1)
        let back = AccessDiff.compare(
            base: head, head: base, now: Self.now, baseRevision: .init(name: "base", commit: "a"),
            headRevision: .init(name: "head", commit: "b"))
        #expect(back.failures([.portPublic]).isEmpty)
        let removals = back.changes.filter { $0.kind == .portChange }.map(\.isRemoval)
        #expect(removals == [true, true])
    }

    static func port(of action: PlanAction) -> Int {
        switch action.change {
        case .sharePort(_, let share, _), .unsharePort(_, let share): share.port
        default: 0
        }
    }
}

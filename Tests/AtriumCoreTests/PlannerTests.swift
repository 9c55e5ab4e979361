import Foundation
import Testing

@testable import AtriumCore

/// The planner as the pure function it is: desired state, live state and clock in, actions out.
/// Documents are built as nodes (`Node`): no YAML parser is involved.
@Suite struct PlannerTests {
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    func desired(_ files: [String: Node]) -> DesiredState {
        Documents.load(files, now: Self.now).state
    }

    func live(_ workspaces: [LiveState.Workspace], admission: Bool = true, sharing: Bool = true) -> LiveState {
        LiveState(
            serverURL: "http://server", organization: "default", organizationID: "org", sharingEnabled: sharing,
            capabilities: .init(admission: admission, snapshots: true, serverName: "atrium"),
            users: ["alice": "u1", "bob": "u2", "carol": "u3"], groups: ["qa": "g1"],
            templates: ["go-dev": .init(id: "t1", parameters: ["region"])],
            workspaces: Dictionary(uniqueKeysWithValues: workspaces.map { ($0.workspaceID, $0) }))
    }

    /// The live state after applying `plan` to `live`, as a faithful server would.
    func applied(_ plan: Plan, to live: LiveState) -> LiveState {
        var result = live
        for action in plan.actions {
            switch action.change {
            case .createGroup(let group, _):
                result.groups[group] = "new-\(group)"
                result.groupMembers[group] = []
            case .addMember(let group, let name): result.groupMembers[group, default: []].insert(name)
            case .removeMember(let group, let name): result.groupMembers[group]?.remove(name)
            case .createWorkspace(let id, let template, _):
                result.workspaces[id] = LiveState.Workspace(
                    id: "new-\(id)", owner: id.owner, name: id.name, template: template, link: .owner, snapshots: [:])
                result.workspaces[id]?.ports = []
                result.workspaces[id]?.agents = ["main"]
            case .grant(let id, .user(let name), let role), .changeRole(let id, .user(let name), _, let role):
                result.workspaces[id]?.users[name] = role
            case .grant(let id, .group(let name), let role), .changeRole(let id, .group(let name), _, let role):
                result.workspaces[id]?.groups[name] = role
            case .revoke(let id, .user(let name), _): result.workspaces[id]?.users[name] = nil
            case .revoke(let id, .group(let name), _): result.workspaces[id]?.groups[name] = nil
            case .link(let id, _, let to, .admission): result.workspaces[id]?.link = to
            case .link(let id, _, let to, .everyoneGroup):
                result.workspaces[id]?.groups[Group.everyone] = to == .everyone ? .use : nil
            case .snapshot(let id, let name): result.workspaces[id]?.snapshots?[name] = "url"
            case .release(let id, _):
                result.workspaces[id]?.users = [:]
                result.workspaces[id]?.groups = [:]
                result.workspaces[id]?.link = .owner
            case .orgSetting(_, _, let to): result.sharingSetting = to
            case .sharePort(let id, var share, _):
                if share.agent.isEmpty { share.agent = "main" }
                let others = (result.workspaces[id]?.ports ?? []).filter { $0.key != share.key }
                result.workspaces[id]?.ports = (others + [share]).sorted()
            case .unsharePort(let id, let share): result.workspaces[id]?.ports?.removeAll { $0.key == share.key }
            case .templateGrant, .templateRevoke, .deleteGroup, .setGroupDisplayName: break
            }
        }
        return result
    }

    @Test func applyingThePlanAndPlanningAgainGivesAnEmptyPlan() {
        let state = desired([
            "w.yaml": Documents.workspace(
                "api",
                spec: [
                    "sharing": [
                        "users": ["bob": "admin", "carol": ["role": "use", "expires": "2027-01-01"]],
                        "groups": ["qa": "use"], "link": "everyone",
                    ],
                    "snapshots": [["name": "s1"]],
                ]),
            "x.yaml": Documents.workspace("new-one", spec: ["parameters": ["region": "eu"]]),
        ])
        let before = live([
            LiveState.Workspace(
                id: "w1", owner: "alice", name: "api", template: "go-dev", users: ["bob": .use, "carol": .admin],
                link: .owner, snapshots: [:])
        ])
        let first = Planner(desired: state, live: before, now: Self.now, commit: "c").plan()
        #expect(first.diagnostics.isEmpty, "\(first.diagnostics)")
        #expect(
            first.plan.actions.map { "\($0.kind.rawValue) \($0.workspace) \($0.change.subject?.description ?? "")" }
                == [
                    "create-workspace alice/new-one ",
                    "share alice/api group:qa",
                    "change-role alice/api user:bob",
                    "change-role alice/api user:carol",
                    "set-link alice/api ",
                    "snapshot alice/api ",
                ])
        let second = Planner(desired: state, live: applied(first.plan, to: before), now: Self.now, commit: "c").plan()
        #expect(second.plan.isEmpty, "\(second.plan.actions)")
    }

    /// Planned in chunks (as the reconciler does, on every core), the plan is the one planned in
    /// one run: the same actions, findings and fingerprint in the same order, whichever chunk
    /// finishes first.
    @Test func aPlanInChunksIsThePlanInOneRun() {
        var files: [String: Node] = [:]
        var workspaces: [LiveState.Workspace] = []
        for index in 0..<1_100 {
            let name = "ws\(index)"
            let sharing: Node =
                index % 3 == 0
                ? ["sharing": ["users": ["bob": "admin"], "groups": ["qa": "use"]]]
                : index % 3 == 1 ? ["sharing": ["users": .map([("nobody\(index)", "use")])]] : [:]
            files["\(name).yaml"] = Documents.workspace(name, spec: sharing)
            if index % 2 == 0 {
                workspaces.append(
                    LiveState.Workspace(
                        id: "w\(index)", owner: "alice", name: name, template: "go-dev", users: ["carol": .use],
                        link: .owner, snapshots: [:]))
            }
        }
        let state = desired(files)
        let before = live(workspaces)
        let whole = Planner(desired: state, live: before, now: Self.now, commit: "c").plan()
        let backwards: Planner.Jobs = { count, job in for index in (0..<count).reversed() { job(index) } }
        let chunked = Planner(desired: state, live: before, now: Self.now, commit: "c").plan(chunks: 4, jobs: backwards)
        #expect(whole.plan.actions.count > 1_000)
        #expect(whole.diagnostics.count > 300)
        #expect(chunked.plan.actions == whole.plan.actions)
        #expect(chunked.diagnostics == whole.diagnostics)
        #expect(chunked.plan.liveFingerprint == whole.plan.liveFingerprint)
        #expect(SavedPlan.digest(of: chunked.plan.actions) == SavedPlan.digest(of: whole.plan.actions))
    }

    /// On a server without link sharing that lists the Everyone group (Coder), `link: everyone`
    /// is a `use` grant to Everyone: planned, applied, stable, and closed when git drops it.
    @Test func linkSharingOnCoderIsTheEveryoneGroup() {
        var coder = live(
            [LiveState.Workspace(id: "w1", owner: "alice", name: "api", template: "go-dev", link: nil)],
            admission: false)
        coder.groups["Everyone"] = "org"
        let open = desired(["a.yaml": Documents.workspace("api", spec: ["sharing": ["link": "everyone"]])])
        let first = Planner(desired: open, live: coder, now: Self.now, commit: "c").plan()
        #expect(first.diagnostics.allSatisfy { $0.severity != .error }, "\(first.diagnostics)")
        #expect(
            first.plan.actions.map { "\($0.kind.rawValue) \($0.change.subject?.description ?? "")" } == [
                "set-link group:Everyone"
            ])
        // Shown as link sharing: the plan's line, its summary and what it removes.
        #expect(
            PlanFormatter.phrase(first.plan.actions[0])
                == "link sharing owner → everyone (share with group:Everyone as use)")
        #expect(first.plan.summary["set-link"] == 1 && first.plan.summary["share"] == 0)
        let shared = applied(first.plan, to: coder)
        #expect(Planner(desired: open, live: shared, now: Self.now, commit: "c").plan().plan.isEmpty)
        let closed = desired(["a.yaml": Documents.workspace("api")])
        let close = Planner(desired: closed, live: shared, now: Self.now, commit: "c").plan()
        #expect(
            close.plan.actions.map { "\($0.kind.rawValue) \($0.change.subject?.description ?? "")" } == [
                "set-link group:Everyone"
            ])
        #expect(PlanFormatter.phrase(close.plan.actions[0]) == "link sharing everyone → owner (unshare group:Everyone)")
        #expect(close.plan.summary["set-link"] == 1 && close.plan.summary["unshare"] == 0)
        // Link sharing is governed as on a server with the extension: `link:` omitted means
        // owner, also when undeclared grants are left alone (prune.grants: false).
        let keeping = desired([
            "a.yaml": Documents.workspace("api"), "atrium.yaml": Documents.config(["prune": ["grants": false]]),
        ])
        let kept = Planner(desired: keeping, live: shared, now: Self.now, commit: "c").plan()
        #expect(
            kept.plan.actions.map(PlanFormatter.phrase) == ["link sharing everyone → owner (unshare group:Everyone)"])
        #expect(kept.plan.drift.isEmpty)
        // Without the Everyone group either, it is refused with what Coder offers instead.
        let refused = Planner(desired: open, live: live([], admission: false), now: Self.now, commit: "c").plan()
        #expect(
            refused.diagnostics.contains {
                $0.message.contains("has no link sharing") && ($0.hint ?? "").contains("Everyone group")
            })
    }

    /// On Coder, the Everyone group's `use` is what `show` and `access --live` call link
    /// sharing: in sync with `link: everyone`, drift (as the link) when git closes it.
    @Test func linkSharingOnCoderIsShownAsTheLink() {
        var coder = live(
            [
                LiveState.Workspace(
                    id: "w1", owner: "alice", name: "api", template: "go-dev", groups: ["Everyone": .use])
            ],
            admission: false)
        coder.groups["Everyone"] = "org"
        let id = WorkspaceID(owner: "alice", name: "api")
        let open = desired(["a.yaml": Documents.workspace("api", spec: ["sharing": ["link": "everyone"]])])
        let closed = desired(["a.yaml": Documents.workspace("api")])
        func review(_ state: DesiredState) -> [String] {
            var review = AccessReview(state: state, revision: .init(name: "HEAD", commit: "c"), at: Self.now)
            review.compare(with: coder, state: state)
            return review.rows.map { "\($0.subject) \($0.status?.rawValue ?? "-")" }
        }
        #expect(review(open) == ["link:everyone in-sync", "user:alice in-sync"])
        #expect(review(closed) == ["link:everyone not-declared", "user:alice in-sync"])
        let inSync = AccessComparison(workspace: id, desired: open, live: coder, now: Self.now)
        #expect(inSync.liveLink == .everyone && inSync.desiredLink == .everyone && inSync.rows.isEmpty)
        let drift = AccessComparison(workspace: id, desired: closed, live: coder, now: Self.now)
        #expect(drift.liveLink == .everyone && drift.desiredLink == .owner && drift.rows.isEmpty)
        // Declared as a group grant, it is that grant.
        let asGroup = desired(["a.yaml": Documents.workspace("api", spec: ["sharing": ["groups": ["Everyone": "use"]]])]
        )
        #expect(review(asGroup) == ["group:Everyone in-sync", "user:alice in-sync"])
        let declaredGroup = AccessComparison(workspace: id, desired: asGroup, live: coder, now: Self.now)
        #expect(declaredGroup.rows.map(\.status) == [.inSync] && declaredGroup.liveLink == nil)
    }

    @Test func unknownTemplateParametersAndCapabilityGaps() {
        let state = desired([
            "w.yaml": Documents.workspace(
                "api", spec: ["parameters": ["regoin": "eu"], "sharing": ["link": "everyone"]])
        ])
        let result = Planner(desired: state, live: live([], admission: false), now: Self.now, commit: "c").plan()
        #expect(
            result.diagnostics.map(\.message) == [
                "template `go-dev` has no parameter `regoin`",
                "`alice/api` declares `link: everyone`, but http://server (atrium) has no link sharing",
            ])
        #expect(result.diagnostics.first?.hint == "did you mean `region`?")
    }

    @Test func theFingerprintFollowsTheLiveState() {
        let base = live([
            LiveState.Workspace(id: "w1", owner: "alice", name: "api", template: "go-dev", users: ["bob": .use])
        ])
        var changed = base
        changed.workspaces[WorkspaceID(owner: "alice", name: "api")]?.users["carol"] = .use
        let ids = [WorkspaceID(owner: "alice", name: "api")]
        #expect(base.fingerprint(of: ids) == base.fingerprint(of: ids))
        #expect(base.fingerprint(of: ids) != changed.fingerprint(of: ids))
    }

    @Test func markdownStaysUnder65000CharactersAndKeepsTheSummary() {
        var actions: [PlanAction] = []
        for index in 0..<5_000 {
            actions.append(
                PlanAction(
                    .grant(
                        WorkspaceID(owner: "owner\(index % 50)", name: "workspace-\(index)"), .user("user\(index)"),
                        .use),
                    sources: [
                        .init(SourceLocation(file: "teams/some/long/path/file\(index).yaml", line: index, column: 7))
                    ], reason: "declared in git"))
        }
        let plan = Plan(
            commit: String(repeating: "a", count: 40), server: "http://server", organization: "default", now: Self.now,
            liveFingerprint: "f", actions: actions, drift: [], snapshots: [])
        let markdown = PlanFormatter().markdown(plan)
        #expect(markdown.count <= PlanFormatter.markdownLimit)
        #expect(markdown.contains("**0 to create, 5000 to share,"))
        #expect(
            markdown.hasSuffix(
                "_0 to create, 5000 to share, 0 to change, 0 to unshare, 0 link changes, 0 snapshots to take, "
                    + "0 to release_"
            ))
        #expect(markdown.contains("more changes not shown"))
        #expect(markdown.contains("`owner0/workspace-0`"), "the start of the list is kept")
        #expect(markdown.contains("`owner49/workspace-4999`"), "and its end")
        let small = PlanFormatter().markdown(
            Plan(
                commit: "c", server: "s", organization: "o", now: Self.now, liveFingerprint: "f",
                actions: Array(actions.prefix(3)), drift: [], snapshots: []))
        #expect(!small.contains("not shown"))
    }

    @Test func sha256Vectors() {
        #expect(Hex.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

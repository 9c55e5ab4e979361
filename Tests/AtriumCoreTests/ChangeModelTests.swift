import AtriumCore
import Foundation
import Testing

/// The typed change: one case per action, read from and written to the plan's flat JSON, counted
/// by the summary line whatever its surface.
@Suite struct ChangeModelTests {
    static let api = WorkspaceID(owner: "alice", name: "api")
    static let share = PortShare(agent: "main", port: 8080, level: .authenticated)

    /// One change of every kind.
    static let every: [Change] = [
        .createWorkspace(api, template: "go-dev", parameters: ["region": "eu"]),
        .grant(api, .user("bob"), .use),
        .changeRole(api, .group("qa"), from: .use, to: .admin),
        .revoke(api, .user("carol"), was: .admin),
        .link(api, from: .owner, to: .everyone, through: .admission),
        .link(api, from: .everyone, to: .owner, through: .everyoneGroup),
        .link(api, from: .owner, to: .everyone, through: .everyoneGroup),
        .snapshot(api, name: "before"),
        .release(api, closesLink: true),
        .release(api, closesLink: false),
        .orgSetting(organization: "default", from: "everyone", to: "none"),
        .createGroup("qa", displayName: "Quality"),
        .createGroup("ops", displayName: nil),
        .addMember(group: "qa", user: "erin"),
        .removeMember(group: "qa", user: "dave"),
        .setGroupDisplayName("qa", from: nil, to: "QA"),
        .deleteGroup("old"),
        .templateGrant(template: "go-dev", .group("qa"), .admin, previous: .use),
        .templateGrant(template: "go-dev", .user("bob"), .use, previous: nil),
        .templateRevoke(template: "go-dev", .group(Group.everyone), was: .use),
        .sharePort(api, share, previous: PortShare(agent: "main", port: 8080, level: .public)),
        .unsharePort(api, share),
    ]

    @Test func everyChangeRoundTripsThroughThePlansJSON() throws {
        let actions = Self.every.map { PlanAction($0, reason: "declared in git") }
        let data = try JSONEncoder().encode(actions)
        let read = try JSONDecoder().decode([PlanAction].self, from: data)
        #expect(read == actions)
        // On Coder a link change is the Everyone group's share or unshare in the JSON.
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(json[5]["kind"] as? String == "unshare" && json[5]["subject"] as? String == "group:Everyone")
        #expect(json[6]["kind"] as? String == "share" && json[6]["role"] as? String == "use")
        #expect(json[4]["kind"] as? String == "set-link" && json[4]["subject"] == nil)
        #expect(json[11]["workspace"] as? String == "group qa" && json[11]["value"] as? String == "Quality")
        #expect(json[10]["workspace"] as? String == "organization default")
    }

    @Test func aKindAppliedToTheWrongTargetIsRefusedWhenRead() {
        let json =
            #"{"kind": "add-member", "workspace": "alice/api", "subject": "user:bob", "sources": [], "reason": ""}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlanAction.self, from: Data(json.utf8)) }
    }

    /// The summary line names every kind of change the plan makes: a plan of group actions is
    /// not "0 to create, 0 to share, …".
    @Test func theSummaryCountsEveryAction() {
        let plan = Plan(
            commit: "c", server: "http://server", organization: "default", now: Date(timeIntervalSince1970: 0),
            liveFingerprint: "f", actions: Self.every.map { PlanAction($0, reason: "r") }, drift: [], snapshots: [])
        #expect(
            plan.summaryLine
                == "1 to create, 1 to share, 1 to change, 1 to unshare, 3 link changes, 1 snapshot to take, "
                + "2 to release, 1 organization setting change, 2 groups to create, 1 member to add, "
                + "1 member to remove, 1 group to delete, 1 display name to set, 2 template grants, "
                + "1 template revoke, 1 port to share, 1 port to unshare")
        #expect(plan.summary.values.reduce(0, +) == Self.every.count)
        let groups = Plan(
            commit: "c", server: "http://server", organization: "default", now: Date(timeIntervalSince1970: 0),
            liveFingerprint: "f",
            actions: (0..<3).map { PlanAction(.addMember(group: "qa", user: "u\($0)"), reason: "r") }, drift: [],
            snapshots: [])
        #expect(groups.summaryLine.hasSuffix(", 3 members to add"), "\(groups.summaryLine)")
    }

    /// Every change has a surface, and the removals it counts are those that take access away.
    @Test func removalsAreThoseThatTakeAccessAway() {
        let live = LiveState(
            serverURL: "http://server", organization: "default", organizationID: "org", sharingEnabled: true,
            capabilities: .init(admission: true, snapshots: true, serverName: "atrium"), users: [:], groups: [:],
            templates: [:], workspaces: [:])
        let removing = Self.every.filter(\.isRemoval).map(\.kind.rawValue)
        #expect(
            removing == [
                "unshare", "set-link", "release", "release", "remove-member", "delete-group", "template-revoke",
                "share-port", "unshare-port",
            ])
        #expect(Self.every.allSatisfy { ($0.removals(live: live) > 0) == $0.isRemoval || $0.kind == .release })
        #expect(Set(Self.every.map(\.surface)) == Set(Surface.allCases))
    }
}

/// What a diff tells a reviewer about people, where the effect is not what the document says.
@Suite struct DiffPeopleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let revision = AccessDiff.Revision(name: "r", commit: "c")

    static func diff(_ base: [String: Node], _ head: [String: Node]) -> AccessDiff {
        AccessDiff.compare(
            base: Documents.load(base, now: now).state, head: Documents.load(head, now: now).state, now: now,
            baseRevision: revision, headRevision: revision)
    }

    static func group(_ members: [String]) -> Node {
        [
            "apiVersion": "atrium/v1", "kind": "Group", "metadata": ["name": "new-hires"],
            "spec": ["members": .list(members.map { .scalar($0, .plain) })],
        ]
    }

    /// Joining a group reaches what it is granted, but not a workspace the member owns.
    @Test func aMemberDoesNotGainTheirOwnWorkspace() {
        let shared: Node = ["sharing": ["groups": ["new-hires": "use"]]]
        let files: [String: Node] = [
            "a.yaml": Documents.workspace("ledger-dev", owner: "maria", spec: shared),
            "b.yaml": Documents.workspace("api", owner: "alice", spec: shared),
        ]
        var base = files
        base["g.yaml"] = Self.group([])
        var head = files
        head["g.yaml"] = Self.group(["maria"])
        let joined = Self.diff(base, head).changes.first { $0.kind == .memberAdded }
        #expect(joined?.effect == .memberAdded(group: "new-hires", user: "maria", reaches: ["alice/api use"]))
        #expect(joined?.phrase == "maria joins group new-hires: gains alice/api use", "\(joined?.phrase ?? "")")
    }

    /// A template git starts governing had Coder's default ACL: declaring the Everyone group's
    /// `use` changes nobody's access; leaving it out revokes it.
    @Test func aNewTemplateAccessStartsFromCodersDefault() {
        func access(_ groups: Node) -> Node {
            [
                "apiVersion": "atrium/v1", "kind": "TemplateAccess", "metadata": ["name": "go-dev"],
                "spec": ["groups": groups],
            ]
        }
        let same = Self.diff([:], ["t.yaml": access(["Everyone": "use"])])
        #expect(same.changes.filter { $0.accessTemplate != nil }.isEmpty, "\(same.changes.map(\.phrase))")
        let narrowed = Self.diff([:], ["t.yaml": access(["qa": "use"])])
        #expect(
            Set(narrowed.changes.filter { $0.accessTemplate != nil }.map { "\($0.kind.rawValue) \($0.subject!)" })
                == ["gain group:qa", "loss group:Everyone"])
        let dropped = Self.diff(["t.yaml": access(["qa": "use"])], [:])
        #expect(dropped.changes.filter { $0.accessTemplate != nil }.isEmpty, "no longer governed: nobody changes")
    }
}

/// A server URL is the deployment's root: one written as the API's address works too.
@Suite struct ServerURLTests {
    @Test(arguments: [
        "https://coder.example.com", "https://coder.example.com/", "https://coder.example.com/api/v2",
        "https://coder.example.com/api/v2/", "https://coder.example.com/api",
    ])
    func theAPIsAddressIsTheDeploymentsRoot(url: String) {
        #expect(ServerURL.deploymentRoot(url) == "https://coder.example.com")
    }

    @Test func aPathBeforeTheAPIIsKept() {
        #expect(ServerURL.deploymentRoot("https://example.com/coder/api/v2") == "https://example.com/coder")
    }
}

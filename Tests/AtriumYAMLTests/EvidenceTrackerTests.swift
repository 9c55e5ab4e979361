import AtriumCore
import AtriumYAML
import Foundation
import Testing

/// The evidence pack built from each commit's files, working out again only what changed, is
/// the pack built from each commit's whole state: over a history that changes workspace files,
/// lets a declaration expire in a file that does not change (leaving a lower role from a Grant),
/// changes a Grant and a group, removes a file and adds a campaign.
@Suite struct EvidenceTrackerTests {
    static let config = """
        apiVersion: atrium/v1
        kind: Config
        server: {url: http://127.0.0.1:7080, organization: default, tokenEnv: ATRIUM_TOKEN}
        policy: {sharing: everyone, maxRole: admin, link: allowed}
        """

    static func workspace(_ name: String, team: String, users: String) -> String {
        """
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: \(name), owner: maria, labels: {team: \(team)}}
        spec:
          template: go-dev
          sharing:
            users: {\(users)}

        """
    }

    static let groups = """
        apiVersion: atrium/v1
        kind: Group
        metadata: {name: devs}
        spec:
          members: [erin, {user: gus, expires: 2026-03-10T00:00:00Z}]
        ---
        apiVersion: atrium/v1
        kind: Grant
        metadata: {name: devs-on-payments}
        spec:
          workspaces: {selector: {team: payments}}
          groups: {devs: use}
          users: {carol: use}

        """

    static let campaign = """
        apiVersion: atrium/v1
        kind: AccessReview
        metadata: {name: 2026-q1}
        spec:
          due: 2026-06-01T00:00:00Z
          reviewers:
            maria:
              - {grant: "maria/api user:frank use", decision: keep}

        """

    /// Each commit's files, oldest first; a day apart from 2026-03-01.
    static let history: [[String: String]] = {
        let api = workspace(
            "api", team: "payments", users: "bob: use, carol: {role: admin, expires: 2026-03-03T12:00:00Z}")
        let apiFrank = api.replacingOccurrences(of: "bob: use", with: "bob: use, frank: use")
        let web = workspace("web", team: "payments", users: "dave: admin")
        let webMore = workspace("web", team: "payments", users: "dave: admin, ivy: use")
        return [
            ["atrium.yaml": config, "a.yaml": api, "b.yaml": web, "groups.yaml": groups],
            ["atrium.yaml": config, "a.yaml": apiFrank, "b.yaml": web, "groups.yaml": groups],
            // carol's admin expires on the 3rd, in a file that does not change.
            ["atrium.yaml": config, "a.yaml": apiFrank, "b.yaml": webMore, "groups.yaml": groups],
            ["atrium.yaml": config, "a.yaml": apiFrank, "b.yaml": webMore, "groups.yaml": groups],
            [
                "atrium.yaml": config, "a.yaml": apiFrank, "b.yaml": webMore,
                "groups.yaml": groups.replacingOccurrences(of: "team: payments", with: "team: search"),
            ],
            ["atrium.yaml": config, "a.yaml": apiFrank, "groups.yaml": groups],
            ["atrium.yaml": config, "a.yaml": apiFrank, "groups.yaml": groups, "reviews/q1.yaml": campaign],
            // gus's membership expires on the 10th, in a file that does not change.
            ["atrium.yaml": config, "a.yaml": api, "groups.yaml": groups, "reviews/q1.yaml": campaign],
        ]
    }()

    static func point(_ index: Int) -> EvidencePack.Point {
        let time = Date(timeIntervalSince1970: 1_772_323_200 + Double(index) * 86_400 * (index == 7 ? 2 : 1))
        let sha = String(repeating: String(index), count: 40)
        return EvidencePack.Point(
            commit: CommitInfo(
                sha: sha, author: "author-\(index)", email: "a\(index)@example.com", date: Timestamp.format(time),
                subject: "commit \(index)"), message: "commit",
            committer: "bot", isMerge: false, time: time)
    }

    static func decode(_ path: String, _ text: String) throws -> DesiredState {
        var decoder = DocumentDecoder()
        for document in try YAMLParser.parse(Array(text.utf8), file: path) { decoder.decode(document) }
        #expect(decoder.diagnostics.isEmpty, "\(path): \(decoder.diagnostics)")
        return decoder.state
    }

    @Test func theIncrementalPackIsTheWholePack() throws {
        let since = Date(timeIntervalSince1970: 1_772_323_200)
        let until = Date(timeIntervalSince1970: 1_772_323_200 + 30 * 86_400)
        var tracker = EvidenceTracker(since: since)
        var whole: [(point: EvidencePack.Point, state: DesiredState)] = []
        for (index, files) in Self.history.enumerated() {
            let paths = files.keys.sorted()
            let parts = try paths.map { path in
                EvidenceTracker.Part(
                    id: "\(path) \(files[path]!.hashValue)", state: try Self.decode(path, files[path]!))
            }
            tracker.add(Self.point(index), parts: parts)
            var state = DesiredState()
            var config: Config?
            for part in parts {
                if part.state.config.location != nil { config = part.state.config }
                state.append(part.state)
            }
            state.config = config ?? state.config
            whole.append((Self.point(index), state))
        }
        let incremental = tracker.pack(until: until, drift: [])
        let reference = EvidencePack.build(history: whole, since: since, until: until, drift: [])
        #expect(incremental.records == reference.records)
        #expect(tracker.fullCount < Self.history.count, "some commits were worked out in part")

        let records = Dictionary(grouping: incremental.records) { "\($0.target) \($0.subject) \($0.role)" }
        #expect(records["maria/api user:carol admin"]?.first?.ended?.how == "expired")
        // Her `use` from the Grant is in force from the commit after her admin expired.
        let carol = records["maria/api user:carol use"] ?? []
        #expect(carol.contains { $0.granted?.commit == Self.point(3).commit.sha }, "\(carol)")
        #expect(records["maria/api user:frank use"]?.first?.ended?.how == "revoked")
        #expect(records["maria/api user:frank use"]?.first?.reviews.first?.decision == "keep")
        #expect(records["maria/web user:ivy use"]?.first?.ended?.commit == Self.point(5).commit.sha)
        let devs = records["maria/api group:devs use"] ?? []
        #expect(devs.count == 2 && devs.contains { $0.ended?.commit == Self.point(4).commit.sha }, "\(devs)")
        #expect(records["group devs user:gus member"]?.first?.ended?.how == "expired")
        #expect(records["group devs user:erin member"]?.first?.ended == nil)
    }
}

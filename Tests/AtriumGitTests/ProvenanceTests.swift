import AtriumGit
import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// Provenance traced through real histories made with `git`: several authors, renames, grants
/// moving between files and documents, branches and merges.
@Suite struct ProvenanceTests {
    static let ada = "Ada Lovelace <ada@example.com>"
    static let grace = "Grace Hopper <grace@example.com>"
    static let linus = "Linus T <linus@example.com>"
    static let ken = "Ken T <ken@example.com>"

    static func api(_ sharing: String) -> String {
        """
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: api, owner: alice, labels: {team: core}}
        spec:
          template: go-dev
          sharing:
        \(sharing)
        """
    }

    func load(_ repo: GitFixture, _ revision: String = "HEAD") throws -> LoadResult {
        let result = try DesiredStateLoader.load(
            .init(repository: repo.path, revision: revision), now: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(result.isValid, "\(result.diagnostics)")
        return result
    }

    func trace(_ repo: GitFixture, absent: Set<ProvenanceKey> = []) throws -> ProvenanceTracer.Result {
        let result = try load(repo)
        return try ProvenanceTracer(source: GitSource(path: repo.path)).trace(
            present: ProvenanceKey.keys(in: result.state), absent: absent, from: "HEAD")
    }

    static let api = WorkspaceID(owner: "alice", name: "api")

    /// One tracer, two traces asking for different keys: the second is not answered from what
    /// the first cached about the blobs it read.
    @Test func aSecondTraceWithOtherKeysIsNotAnsweredFromTheFirstsCache() async throws {
        let repo = try await GitFixture()
        try repo.write("api.yaml", Self.api("    users: {bob: use}"))
        let first = try await repo.commit("Share api with bob", author: Self.ada, date: "2026-09-01T10:00:00Z")
        try repo.write("api.yaml", Self.api("    users: {bob: use, carol: admin}"))
        let second = try await repo.commit("Carol administers api", author: Self.grace, date: "2026-09-10T10:00:00Z")
        let keys = ProvenanceKey.keys(in: try load(repo).state)
        let bob = try #require(keys.first { $0.key == .grant(workspace: Self.api, subject: .user("bob"), role: .use) })
        let carol = try #require(
            keys.first { $0.key == .grant(workspace: Self.api, subject: .user("carol"), role: .admin) })
        let tracer = ProvenanceTracer(source: try GitSource(path: repo.path))
        // The first trace reads the first commit's file while only carol is traced.
        let onlyCarol = try tracer.trace(present: [carol.key: carol.value], absent: [], from: "HEAD")
        #expect(onlyCarol.introduced[carol.key]?.sha == second)
        // That file declares bob too: the second trace must see it, not the first's answer.
        let both = try tracer.trace(present: [bob.key: bob.value, carol.key: carol.value], absent: [], from: "HEAD")
        #expect(both.introduced[bob.key]?.sha == first, "not credited to the commit that changed its file")
        #expect(both.introduced[carol.key]?.sha == second)
    }

    @Test func followsRenamesMovesAndRoleChanges() async throws {
        let repo = try await GitFixture()
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        let first = try await repo.commit("Share api with bob", author: Self.ada, date: "2026-09-01T10:00:00Z")
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use, carol: admin}"))
        let second = try await repo.commit("Carol administers api", author: Self.grace, date: "2026-09-10T10:00:00Z")
        try await repo.git(["mv", "teams", "workspaces"])
        try await repo.commit("Rename teams/ to workspaces/", author: Self.linus, date: "2026-09-20T10:00:00Z")
        // bob's grant moves from the Workspace document into a Grant document in another file.
        try repo.write("workspaces/api.yaml", Self.api("    users: {carol: admin}"))
        try repo.write(
            "grants/bob.yaml",
            """
            apiVersion: atrium/v1
            kind: Grant
            metadata: {name: bob-api}
            spec:
              workspaces: {names: [alice/api]}
              users: {bob: use}
            """)
        try await repo.commit("Move bob's grant into a Grant", author: Self.linus, date: "2026-09-25T10:00:00Z")
        try repo.write("workspaces/api.yaml", Self.api("    users: {carol: use}\n    link: everyone"))
        let fifth = try await repo.commit(
            "Carol only uses api; share it by link", author: Self.ken, date: "2026-10-05T10:00:00Z")

        let result = try trace(repo)
        let bob = try #require(result.introduced[.grant(workspace: Self.api, subject: .user("bob"), role: .use)])
        #expect(bob.sha == first, "the rename and the move between files keep the grant's origin")
        #expect(bob.author == "Ada Lovelace" && bob.email == "ada@example.com")
        #expect(bob.date == "2026-09-01T10:00:00Z" && bob.subject == "Share api with bob")
        #expect(
            result.introduced[.grant(workspace: Self.api, subject: .user("carol"), role: .use)]?.sha == fifth,
            "a role change is a new grant")
        #expect(result.introduced[.link(workspace: Self.api, level: .everyone)]?.sha == fifth)
        #expect(result.introduced.count == 3)

        // The admin grant was removed in the fifth commit; it was added in the second.
        let removed = try trace(
            repo,
            absent: [
                .grant(workspace: Self.api, subject: .user("carol"), role: .admin),
                .grant(workspace: Self.api, subject: .user("zed"), role: .use),
            ])
        #expect(removed.removed[.grant(workspace: Self.api, subject: .user("carol"), role: .admin)]?.sha == fifth)
        #expect(
            removed.removed[.grant(workspace: Self.api, subject: .user("zed"), role: .use)] == nil, "never declared")
        _ = second
    }

    @Test func creditsTheBranchCommitNotTheMerge() async throws {
        let repo = try await GitFixture()
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        try await repo.commit("Start", author: Self.ada, date: "2026-09-01T10:00:00Z")
        try await repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(
            "grants/qa.yaml",
            """
            apiVersion: atrium/v1
            kind: Grant
            metadata: {name: qa}
            spec:
              workspaces: {selector: {team: core}}
              groups: {qa: use}
            """)
        let feature = try await repo.commit(
            "QA may use core workspaces", author: Self.grace, date: "2026-09-05T10:00:00Z")
        try await repo.git(["checkout", "-q", "main"])
        try repo.write("teams/web.yaml", workspaceYAML("web"))
        let mainline = try await repo.commit("Add web", author: Self.linus, date: "2026-09-06T10:00:00Z")
        try await repo.git(
            ["merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from feature"],
            environment: ["GIT_AUTHOR_DATE": "2026-09-07T10:00:00Z", "GIT_COMMITTER_DATE": "2026-09-07T10:00:00Z"])
        // A grant added and removed again on a branch, then merged: the removal is credited to the branch.
        try await repo.git(["checkout", "-q", "-b", "cleanup"])
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use, temp: use}"))
        try await repo.commit("Temporary access", author: Self.ken, date: "2026-09-08T10:00:00Z")
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        let removal = try await repo.commit("Remove temporary access", author: Self.ken, date: "2026-09-09T10:00:00Z")
        try await repo.git(["checkout", "-q", "main"])
        try await repo.git(
            ["merge", "-q", "--no-ff", "cleanup", "-m", "Merge cleanup"],
            environment: ["GIT_AUTHOR_DATE": "2026-09-10T10:00:00Z", "GIT_COMMITTER_DATE": "2026-09-10T10:00:00Z"])

        let result = try trace(repo, absent: [.grant(workspace: Self.api, subject: .user("temp"), role: .use)])
        #expect(result.introduced[.selector(labels: "team=core", subject: .group("qa"), role: .use)]?.sha == feature)
        #expect(
            result.introduced[.selector(labels: "team=core", subject: .group("qa"), role: .use)]?.author
                == "Grace Hopper")
        #expect(result.introduced[.grant(workspace: Self.api, subject: .user("bob"), role: .use)]?.subject == "Start")
        #expect(result.removed[.grant(workspace: Self.api, subject: .user("temp"), role: .use)]?.sha == removal)
        _ = mainline
    }

    @Test func theMergeIsCreditedWhenItResolvesAConflictWithANewGrant() async throws {
        let repo = try await GitFixture()
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        try await repo.commit("Start", author: Self.ada)
        try await repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("teams/api.yaml", Self.api("    users: {bob: admin}"))
        try await repo.commit("bob admin", author: Self.grace)
        try await repo.git(["checkout", "-q", "main"])
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use, carol: use}"))
        try await repo.commit("carol", author: Self.linus)
        _ = try? await repo.git(["merge", "-q", "side", "-m", "merge"])
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use, carol: use, dave: use}"))
        try await repo.git(["add", "-A"])
        try await repo.git(["commit", "-q", "--no-edit", "--author", Self.ken])
        let merge = try await repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try trace(repo)
        #expect(
            result.introduced[.grant(workspace: Self.api, subject: .user("dave"), role: .use)]?.sha == merge,
            "only the merge has dave")
        #expect(result.introduced[.grant(workspace: Self.api, subject: .user("carol"), role: .use)]?.subject == "carol")
        #expect(result.introduced[.grant(workspace: Self.api, subject: .user("bob"), role: .use)]?.subject == "Start")
    }

    @Test func annotatesPlansWithTheIntroducingCommit() async throws {
        let repo = try await GitFixture()
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        let first = try await repo.commit("Share api with bob", author: Self.ada)
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use, carol: admin}"))
        let second = try await repo.commit("Carol administers api", author: Self.grace)
        let loaded = try load(repo)
        let live = LiveState(
            serverURL: "http://server", organization: "default", organizationID: "o", sharingEnabled: true,
            capabilities: .init(admission: true, snapshots: true, serverName: "atrium"),
            users: ["alice": "1", "bob": "2", "carol": "3", "zed": "4"], groups: [:],
            templates: ["go-dev": .init(id: "t", parameters: nil)],
            workspaces: [
                Self.api: .init(id: "w", owner: "alice", name: "api", template: "go-dev", users: ["zed": .use])
            ])
        var plan = Planner(desired: loaded.state, live: live, now: Date(), commit: loaded.commit).plan().plan
        try ProvenanceTracer(source: GitSource(path: repo.path)).annotate(&plan, revision: loaded.commit)
        let shares = plan.actions.filter { $0.kind == .share }
        #expect(shares.first { $0.change.subject == .user("bob") }?.sources.first?.commit?.sha == first)
        #expect(shares.first { $0.change.subject == .user("carol") }?.sources.first?.commit?.sha == second)
        let unshare = try #require(plan.actions.first { $0.kind == .unshare })
        #expect(unshare.removedIn == nil, "zed was never declared in git")
        let text = PlanFormatter(provenance: true).text(plan)
        #expect(
            text.contains(
                "teams/api.yaml:7, added in \(second.prefix(12)) Grace Hopper 2026-10-01 \"Carol administers api\""),
            "\(text)")
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        #expect(json.contains("\"sha\":\"\(first)\""))
    }

    @Test func onlyTheDesiredStateFolderCounts() async throws {
        let repo = try await GitFixture()
        try repo.write("prod/api.yaml", Self.api("    users: {bob: use}"))
        let prod = try await repo.commit("bob in prod", author: Self.ada)
        try repo.write("staging/api.yaml", Self.api("    users: {bob: use}"))
        let staging = try await repo.commit("copy prod to staging", author: Self.grace)
        let key = ProvenanceKey.grant(workspace: Self.api, subject: .user("bob"), role: .use)
        let source = try GitSource(path: repo.path)
        let narrow = try ProvenanceTracer(source: source, prefix: "staging/").trace(
            present: [key: ["staging/api.yaml"]], absent: [], from: "HEAD")
        #expect(narrow.introduced[key]?.sha == staging, "staging got bob when prod was copied into it")
        let wide = try ProvenanceTracer(source: source).trace(
            present: [key: ["staging/api.yaml", "prod/api.yaml"]], absent: [], from: "HEAD")
        #expect(
            wide.introduced[key]?.sha == prod, "over the whole repository, the grant is as old as its first declaration"
        )
    }

    @Test func findsTheLastCommitBeforeADate() async throws {
        let repo = try await GitFixture()
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        let first = try await repo.commit("one", date: "2026-09-01T10:00:00Z")
        try repo.write("teams/api.yaml", Self.api("    users: {bob: admin}"))
        let second = try await repo.commit("two", date: "2026-09-30T23:59:59Z")
        try repo.write("teams/api.yaml", Self.api("    users: {bob: use}"))
        try await repo.commit("three", date: "2026-10-01T00:00:00Z")
        let source = try GitSource(path: repo.path)
        #expect(try source.lastCommit(before: Timestamp.parse("2026-10-01")!, on: "HEAD") == second)
        #expect(try source.lastCommit(before: Timestamp.parse("2026-09-30")!, on: "HEAD") == first)
        #expect(try source.lastCommit(before: Timestamp.parse("2026-08-01")!, on: "HEAD") == nil)
    }
}

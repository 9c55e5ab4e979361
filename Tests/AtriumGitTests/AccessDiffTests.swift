import AtriumGit
import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// `atrium diff`'s computation over real repositories: effective access at two revisions.
@Suite struct AccessDiffTests {
    static let now = Timestamp.parse("2026-11-01T00:00:00Z")!

    static let config = """
        apiVersion: atrium/v1
        kind: Config
        policy: {maxRole: admin}
        """

    static func workspace(_ name: String, owner: String = "alice", labels: String = "{team: core}", sharing: String)
        -> String
    {
        """
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: \(name), owner: \(owner), labels: \(labels)}
        spec:
          template: go-dev
          sharing:
        \(sharing)
        """
    }

    static let factory = """
        apiVersion: atrium/v1
        kind: FactoryTemplate
        metadata: {name: open-api}
        spec:
          dialect: coder
          baseURL: https://coder.example.com
          template: go-dev
        """

    /// main: the base state. feature (branched from main): the pull request. main then moves on
    /// with a change the pull request must not show.
    func repository() async throws -> GitFixture {
        let repo = try await GitFixture()
        try repo.write("atrium.yaml", Self.config)
        try repo.write(
            "teams/api.yaml", Self.workspace("api", sharing: "    users: {bob: use, carol: use, dave: admin}"))
        try repo.write("teams/old.yaml", Self.workspace("old", sharing: "    users: {bob: use}"))
        try repo.write("factories/open.yaml", Self.factory)
        try await repo.commit("base")
        try await repo.git(["checkout", "-q", "-b", "feature"])
        // In the pull request: carol becomes admin, dave is removed, erin gains use until a
        // date already past (so gains nothing), a Grant gives group qa use on every core
        // workspace, api is shared by link, old is removed, new is added, the factory changes,
        // and the policy's maxRole changes.
        try repo.write(
            "teams/api.yaml",
            Self.workspace(
                "api",
                sharing: """
                        users:
                          bob: use
                          carol: admin
                          erin: {role: use, expires: 2026-10-01T00:00:00Z}
                        link: everyone
                    """))
        try await repo.git(["rm", "-q", "teams/old.yaml"])
        try repo.write("teams/fresh.yaml", Self.workspace("fresh", owner: "bob", sharing: "    users: {frank: use}"))
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
        try repo.write(
            "factories/open.yaml", Self.factory.replacingOccurrences(of: "coder.example.com", with: "coder.example.org")
        )
        try repo.write("factories/second.yaml", Self.factory.replacingOccurrences(of: "open-api", with: "second"))
        try repo.write("atrium.yaml", Self.config + "\nscope: all")
        try await repo.commit("the pull request")
        try await repo.git(["checkout", "-q", "main"])
        try repo.write("teams/main-only.yaml", Self.workspace("main-only", sharing: "    users: {zed: admin}"))
        try await repo.commit("main moves on")
        return repo
    }

    @Test func comparesEffectiveAccessFromTheMergeBase() async throws {
        let repo = try await repository()
        let loaded = try AccessDiff.load(
            repository: repo.path, base: "main", head: "feature", prefix: "", now: Self.now)
        #expect(loaded.head.isValid, "\(loaded.head.diagnostics)")
        let diff = loaded.diff
        let mergeBase = try await repo.git(["merge-base", "main", "feature"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(diff.base.mergeBase == mergeBase)
        #expect(diff.base.commit != mergeBase, "main moved on; its tip is not the merge base")
        let markdown = AccessDiffFormatter().markdown(diff, failures: [])
        #expect(
            markdown.contains("from `main` (merge base `\(mergeBase.prefix(12))`)"),
            "the markdown labels the merge base, not the tip")
        #expect(!markdown.contains(String(diff.base.commit.prefix(12))), "\(markdown.prefix(300))")
        let lines = diff.changes.map {
            "\($0.kind.rawValue) \($0.workspace ?? $0.template ?? $0.setting ?? "") \($0.phrase)"
        }
        #expect(
            lines == [
                "gain alice/api group:qa gains use",
                "role-change alice/api user:carol use → admin",
                "loss alice/api user:dave loses access (was admin)",
                "link-change alice/api link sharing owner → everyone",
                "workspace-removed alice/old workspace alice/old no longer declared",
                "loss alice/old user:bob loses access (was use)",
                "workspace-added bob/fresh new workspace bob/fresh (template go-dev)",
                "gain bob/fresh group:qa gains use",
                "gain bob/fresh user:frank gains use",
                "template-changed open-api FactoryTemplate open-api changed",
                "template-added second new FactoryTemplate second",
                "config-change scope scope: declared → all",
            ], "\(lines.joined(separator: "\n"))")
        #expect(!lines.contains { $0.contains("main-only") }, "main's own later changes are not the pull request's")
        #expect(!lines.contains { $0.contains("erin") }, "an expired grant gives no access")
        let qa = try #require(diff.changes.first { $0.subject == .group("qa") })
        #expect(qa.sources.map(\.description) == ["grants/qa.yaml:6 (Grant qa)"])

        #expect(diff.failures([.adminGrant]).map(\.subject) == [.user("carol")])
        #expect(diff.failures([.linkEveryone]).map(\.workspace) == ["alice/api"])
        #expect(diff.failures([.policyChange]).isEmpty, "only scope changed, which is config")
        #expect(diff.failures([.configChange]).count == 1)
        #expect(diff.failures([.workspaceRemoved]).map(\.workspace) == ["alice/old"])
        #expect(diff.failures([.accessLoss]).count == 2)
        #expect(
            diff.summaryLine
                == "3 gained, 2 lost, 1 role changed, 1 link changed, 1 workspace added, 1 workspace removed, "
                + "1 template added, 1 template changed, 1 config changed"
        )
    }

    @Test func aTagOrCommitBaseIsUsedAsItIs() async throws {
        let repo = try await repository()
        let tip = try await repo.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let loaded = try AccessDiff.load(repository: repo.path, base: tip, head: "feature", prefix: "", now: Self.now)
        #expect(loaded.diff.base.mergeBase == nil)
        #expect(loaded.diff.changes.contains { $0.workspace == "alice/main-only" && $0.kind == .workspaceRemoved })
    }

    /// A workspace grant to the Everyone group opens it to the whole organization (on Coder, the
    /// way it shares by link): `--fail-on link-everyone` catches it as it catches `link: everyone`.
    @Test func aGrantToEveryoneIsLinkSharing() async throws {
        let repo = try await GitFixture()
        try repo.write("atrium.yaml", Self.config)
        try repo.write("teams/api.yaml", Self.workspace("api", sharing: "    users: {bob: use}"))
        try await repo.commit("base")
        try repo.write(
            "teams/api.yaml", Self.workspace("api", sharing: "    users: {bob: use}\n    groups: {Everyone: use}"))
        try await repo.commit("everyone")
        let diff = try AccessDiff.load(repository: repo.path, base: "HEAD~1", head: "HEAD", prefix: "", now: Self.now)
            .diff
        #expect(diff.changes.map(\.phrase) == ["group:Everyone gains use"])
        #expect(diff.failures([.linkEveryone]).map(\.workspace) == ["alice/api"])
        try repo.write("teams/api.yaml", Self.workspace("api", sharing: "    users: {bob: use}\n    groups: {qa: use}"))
        try await repo.commit("qa instead")
        let named = try AccessDiff.load(repository: repo.path, base: "HEAD~2", head: "HEAD", prefix: "", now: Self.now)
            .diff
        #expect(named.failures([.linkEveryone]).isEmpty, "a named group is not the organization")
    }

    @Test func policyChangesAndSharingTurnedOff() async throws {
        let repo = try await GitFixture()
        try repo.write("atrium.yaml", Self.config)
        try repo.write("teams/api.yaml", Self.workspace("api", sharing: "    link: everyone"))
        try await repo.commit("base")
        try repo.write(
            "atrium.yaml", Self.config.replacingOccurrences(of: "maxRole: admin", with: "maxRole: use, link: forbidden")
        )
        try repo.write("teams/api.yaml", Self.workspace("api", sharing: "    link: owner"))
        try await repo.commit("lock down")
        let diff = try AccessDiff.load(repository: repo.path, base: "HEAD~1", head: "HEAD", prefix: "", now: Self.now)
            .diff
        #expect(
            diff.changes.map(\.phrase) == [
                "link sharing everyone → owner", "policy.maxRole: admin → use",
                "policy.link: allowed → forbidden",
            ])
        #expect(diff.failures([.policyChange]).count == 2)
        #expect(diff.failures([.linkEveryone]).isEmpty)
        let empty = try AccessDiff.load(repository: repo.path, base: "HEAD", head: "HEAD", prefix: "", now: Self.now)
            .diff
        #expect(empty.isEmpty && empty.summaryLine == "no change in access")
    }

    @Test func markdownStaysUnderTheCommentLimit() {
        var changes: [AccessChange] = []
        for index in 0..<5_000 {
            changes.append(
                AccessChange(
                    .gain(.workspace(WorkspaceID(owner: "team", name: "ws-\(index)")), .user("user-\(index)"), .use),
                    sources: [.init(SourceLocation(file: "teams/a-long-file-name-\(index).yaml", line: 10, column: 5))])
            )
        }
        let diff = AccessDiff(
            base: .init(name: "main", commit: String(repeating: "a", count: 40)),
            head: .init(name: "HEAD", commit: String(repeating: "b", count: 40)), now: "2026-11-01T00:00:00Z",
            changes: changes)
        let markdown = AccessDiffFormatter().markdown(diff)
        #expect(markdown.count <= PlanFormatter.markdownLimit)
        #expect(markdown.contains("more changes not shown"))
        #expect(markdown.contains("**5000 gained**"))
        #expect(markdown.contains("ws-0`") && markdown.contains("ws-4999`"), "first and last rows are kept")
    }
}

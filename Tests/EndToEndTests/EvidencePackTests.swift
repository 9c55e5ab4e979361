import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// `atrium review report` over a generated history: a grant added through a merged pull request
/// (its number and approvals), one that expired, one revoked in a commit, one reviewed in a
/// campaign, and one the controller removed as drift (from its audit log) — in csv, json and html.
@Suite struct EvidencePackTests {
    static func commit(_ repo: URL, _ date: String, _ arguments: [String]) async throws {
        let result = try await ChildProcess.run(
            Command(
                "git", arguments, in: repo,
                environment: [
                    "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Grace Hopper",
                    "GIT_AUTHOR_EMAIL": "grace@example.com", "GIT_COMMITTER_NAME": "Release Bot",
                    "GIT_COMMITTER_EMAIL": "bot@example.com",
                ]))
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    static func workspace(_ users: String) -> String {
        "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: maria}\n"
            + "spec:\n  template: go-dev\n  sharing:\n    users:\n\(users)"
    }

    static func history() async throws -> URL {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try await Binary.tool(["git", "init", "-q", "-b", "main"], in: repo)
        let file = repo.appendingPathComponent("api.yaml")
        try workspace("      bob: use\n      carol: {role: use, expires: 2026-10-15T00:00:00Z}\n").write(
            to: file, atomically: true, encoding: .utf8)
        try await commit(repo, "2026-09-01T10:00:00Z", ["add", "-A"])
        try await commit(repo, "2026-09-01T10:00:00Z", ["commit", "-q", "-m", "Share api with bob and carol"])
        try await Binary.tool(["git", "checkout", "-q", "-b", "dev-1"], in: repo)
        try workspace("      bob: use\n      carol: {role: use, expires: 2026-10-15T00:00:00Z}\n      dev-1: use\n")
            .write(
                to: file, atomically: true, encoding: .utf8)
        try await commit(repo, "2026-09-20T10:00:00Z", ["commit", "-q", "-am", "dev-1 joins the api work"])
        try await Binary.tool(["git", "checkout", "-q", "main"], in: repo)
        try await commit(
            repo, "2026-10-01T10:00:00Z",
            [
                "merge", "-q", "--no-ff", "-m", "Merge pull request #12 from acme/dev-1\n\nApproved-by: Maria Garcia",
                "dev-1",
            ])
        try workspace("      carol: {role: use, expires: 2026-10-15T00:00:00Z}\n      dev-1: use\n").write(
            to: file, atomically: true, encoding: .utf8)
        let review = """
            apiVersion: atrium/v1
            kind: AccessReview
            metadata: {name: 2026-q4}
            spec:
              due: 2027-01-15T00:00:00Z
              reviewers:
                maria:
                  - {grant: "maria/api user:dev-1 use", decision: keep, comment: "still on the api"}

            """
        try FileManager.default.createDirectory(
            at: repo.appendingPathComponent("reviews"), withIntermediateDirectories: true)
        try review.write(to: repo.appendingPathComponent("reviews/2026-q4.yaml"), atomically: true, encoding: .utf8)
        try await commit(repo, "2026-11-01T10:00:00Z", ["add", "-A"])
        try await commit(repo, "2026-11-01T10:00:00Z", ["commit", "-q", "-m", "bob leaves; review 2026-q4"])
        return repo
    }

    @Test func theEvidencePackListsEachGrantWithItsCommitReviewAndEnd() async throws {
        let repo = try await Self.history()
        defer { try? FileManager.default.removeItem(at: repo) }
        let drift = PlanAction(
            .revoke(WorkspaceID(owner: "maria", name: "api"), .user("mallory"), was: .use),
            reason: "not declared in git")
        let action = String(decoding: try JSONEncoder().encode(drift), as: UTF8.self)
        let log = repo.appendingPathComponent("audit.jsonl")
        try "{\"at\":\"2026-10-20T08:00:00Z\",\"commit\":\"abc\",\"controller\":\"c\",\"action\":\(action)}\nnot json\n"
            .write(
                to: log, atomically: true, encoding: .utf8)
        let period = ["review", "report", "--since", "2026-09-15", "--until", "2026-12-01", "--audit-log", log.path]
        let json = try await Binary.atrium(period + ["--format", "json"], in: repo)
        #expect(json.status == 0, "\(json.stderr)")
        let pack = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let records = Dictionary(
            (pack?["records"] as? [[String: Any]] ?? []).map { ($0["subject"] as? String ?? "", $0) },
            uniquingKeysWith: { first, _ in first })
        #expect(records.count == 4, "\(json.stdout)")
        let dev1 = records["user:dev-1"] ?? [:]
        let granted = dev1["granted"] as? [String: Any] ?? [:]
        #expect(granted["pull_request"] as? String == "#12", "\(dev1)")
        #expect(granted["approved_by"] as? [String] == ["Release Bot", "Maria Garcia"], "\(granted)")
        let review = (dev1["reviews"] as? [[String: Any]])?.first ?? [:]
        #expect(review["decision"] as? String == "keep")
        #expect(review["decided_at"] as? String == "2026-11-01T10:00:00Z", "the commit that set it: \(review)")
        #expect(dev1["ended"] == nil, "still in force")
        #expect((records["user:bob"]?["ended"] as? [String: Any])?["how"] as? String == "revoked")
        #expect((records["user:bob"]?["ended"] as? [String: Any])?["at"] as? String == "2026-11-01T10:00:00Z")
        #expect((records["user:carol"]?["ended"] as? [String: Any])?["how"] as? String == "expired")
        #expect((records["user:carol"]?["granted"] as? [String: Any])?["before_period"] as? Bool == true)
        #expect((records["user:mallory"]?["ended"] as? [String: Any])?["how"] as? String == "removed-as-drift")

        let csv = try await Binary.atrium(period + ["--format", "csv"], in: repo)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("surface,target,subject,role,granted_commit") == true)
        #expect(lines.contains { $0.contains("user:dev-1") && $0.contains("#12") && $0.contains("2026-q4,maria,keep") })
        let html = try await Binary.atrium(period + ["--format", "html"], in: repo)
        #expect(html.stdout.contains("<td>user:mallory</td>") && html.stdout.contains("removed-as-drift"))
        #expect(json.stderr.contains("line 2 of the audit log is not an entry"), "\(json.stderr)")
    }
}

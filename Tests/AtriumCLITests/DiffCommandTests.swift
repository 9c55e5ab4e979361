import AtriumTestSupport
import Foundation
import Testing

/// `atrium diff` as CI runs it on a pull request: no server, exit codes, formats, --fail-on.
@Suite struct DiffCommandTests {
    /// The examples on main, and a pull-request branch that raises a grant to admin, shares a
    /// workspace by link and breaks nothing else.
    func repository() async throws -> URL {
        let root = try await CLI.examplesRepository()
        try await CLI.tool(["git", "checkout", "-q", "-b", "pr"], in: root)
        let file = root.appendingPathComponent("examples/acme/teams/payments.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "qa-lead: use", with: "qa-lead: admin").replacingOccurrences(
            of: "link: owner", with: "link: everyone")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try await CLI.tool(["git", "commit", "-q", "-am", "Raise qa-lead"], in: root)
        return root
    }

    @Test func textJSONAndMarkdown() async throws {
        let root = try await repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try await CLI.run(
            ["diff", "--base", "main", "--path", "examples/acme"], in: root, environment: ["NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "sre-oncall/payments-staging\n  ~ user:qa-lead use → admin  # "
                    + "examples/acme/teams/payments.yaml:14\n  ~ link sharing owner → everyone  # "
                    + "examples/acme/teams/payments.yaml:17"
            ), "\(text.stdout)")
        #expect(text.stdout.hasSuffix("Summary: 1 role changed, 1 link changed.\n"))

        let json = try await CLI.run(
            ["diff", "--base", "main", "--path", "examples/acme", "--format", "json"], in: root)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["changes"] as? [Any])?.count == 2)
        #expect((document["summary"] as? [String: Int])?["role-change"] == 1)
        #expect((document["base"] as? [String: Any])?["name"] as? String == "main")
        #expect(
            try await SchemaCheck.problem(
                schema: CLI.packageRoot.appendingPathComponent("schemas/access-diff.schema.json"), json: json.stdout)
                == nil)

        let markdown = try await CLI.run(
            ["diff", "--base", "main", "--path", "examples/acme", "--format", "markdown", "--fail-on", "admin-grant"],
            in: root)
        #expect(markdown.status == 3)
        #expect(markdown.stdout.hasPrefix("### Atrium access diff"))
        let head = try await CLI.tool(["git", "rev-parse", "HEAD"], in: root).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            markdown.stdout.contains(
                "| ~ | `sre-oncall/payments-staging` | user:qa-lead use → admin ⚠️ | "
                    + "`examples/acme/teams/payments.yaml:14` (\(head.prefix(8)), Test) |"
            ), "\(markdown.stdout)")
        let withCommits = try await CLI.run(
            ["diff", "--base", "main", "--path", "examples/acme", "--provenance"], in: root,
            environment: ["NO_COLOR": "1"])
        #expect(
            withCommits.stdout.contains(
                "~ user:qa-lead use → admin  # examples/acme/teams/payments.yaml:14, added in "
                    + "\(head.prefix(12)) Test "),
            "\(withCommits.stdout)")
        let change = try #require((document["changes"] as? [[String: Any]])?.first)
        #expect(
            ((change["sources"] as? [[String: Any]])?.first?["commit"] as? [String: Any])?["subject"] as? String
                == "Raise qa-lead")
        #expect(markdown.stderr.contains("error: 1 change matched --fail-on (admin-grant):"))
    }

    @Test func aRemoteBranchBaseUsesTheMergeBaseInAClone() async throws {
        let origin = try await repository()
        defer { try? FileManager.default.removeItem(at: origin) }
        // main moves on after the pull request branched: that change must not show.
        try await CLI.tool(["git", "checkout", "-q", "main"], in: origin)
        try await CLI.tool(["git", "rm", "-q", "examples/acme/teams/data.yaml"], in: origin)
        try await CLI.tool(["git", "commit", "-q", "-m", "main moves on"], in: origin)
        let clone = origin.deletingLastPathComponent().appendingPathComponent("atrium-clone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        try await CLI.tool(["git", "clone", "-q", origin.path, clone.path], in: origin.deletingLastPathComponent())
        let mergeBase = try await CLI.tool(["git", "merge-base", "main", "pr"], in: origin).trimmingCharacters(
            in: .whitespacesAndNewlines)
        // As a CI checkout has them: remote-tracking branches.
        let result = try await CLI.run(
            [
                "diff", "--repo", clone.path, "--base", "origin/main", "--head", "origin/pr", "--path", "examples/acme",
                "--format", "json",
            ], in: origin)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((document["base"] as? [String: Any])?["merge_base"] as? String == mergeBase)
        #expect((document["changes"] as? [Any])?.count == 2, "only the pull request's two changes, not main's removal")
        let tip = try await CLI.run(
            [
                "diff", "--repo", clone.path, "--base", "refs/remotes/origin/main", "--head", "origin/pr", "--path",
                "examples/acme", "--format", "json",
            ], in: origin)
        #expect(tip.stdout.contains(mergeBase), "a full ref name is a branch too")
    }

    @Test func failOnChoosesTheKindsThatFail() async throws {
        let root = try await repository()
        defer { try? FileManager.default.removeItem(at: root) }
        func status(_ failOn: [String]) async throws -> Int32 {
            try await CLI.run(["diff", "--base", "main", "--path", "examples/acme"] + failOn, in: root).status
        }
        #expect(try await status(["--fail-on", "policy-change"]) == 0)
        #expect(try await status(["--fail-on", "link-everyone"]) == 3)
        #expect(try await status(["--fail-on", "policy-change,admin-grant"]) == 3)
        #expect(try await status(["--fail-on", "policy-change", "--fail-on", "workspace-removed"]) == 0)
        let bad = try await CLI.run(["diff", "--base", "main", "--fail-on", "admin"], in: root)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("`admin` is not a kind of change"))
    }

    @Test func anInvalidHeadOrAnUnknownRevisionFails() async throws {
        let root = try await repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: Bad Name, owner: x}\nspec: {template: go-dev}\n"
            .write(to: root.appendingPathComponent("examples/acme/teams/bad.yaml"), atomically: true, encoding: .utf8)
        try await CLI.tool(["git", "add", "-A"], in: root)
        try await CLI.tool(["git", "commit", "-q", "-m", "bad"], in: root)
        let invalid = try await CLI.run(["diff", "--base", "main", "--path", "examples/acme"], in: root)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("examples/acme/teams/bad.yaml:3:"))
        let unknown = try await CLI.run(["diff", "--base", "no-such-branch"], in: root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("`no-such-branch` is not a known revision"))
    }
}

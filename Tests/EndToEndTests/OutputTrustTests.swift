import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// Output a team acts on: drift that is reported, not passed over; errors that say what to do.
@Suite struct OutputTrustTests {
    /// A changed `parameters:` on an existing workspace is drift: a warning, and exit 2 under
    /// --detailed-exitcode (Atrium does not rebuild workspaces); without reading them, a note.
    @Test func parameterDriftIsReportedNotPassedOver() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api", spec: "  parameters: {region: eu-west}")])
            #expect(try await h.reconcile([]).status == 0)
            #expect(
                try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "in sync after the create")

            try await h.commit(["ws.yaml": Docs.workspace("alice", "api", spec: "  parameters: {region: us-east}")])
            let drift = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2, "\(drift.stdout)\n\(drift.stderr)")
            #expect(
                drift.stderr.contains(
                    "`alice/api` has `eu-west` for parameter `region` on the server; git declares `us-east`"),
                "\(drift.stderr)")
            #expect(
                drift.stdout.contains("alice/api: parameter region is eu-west on the server, us-east in git"),
                "\(drift.stdout)")
            #expect(!drift.stdout.contains("the server matches git"), "\(drift.stdout)")

            let plain = try await h.reconcile(["--dry-run"])
            #expect(plain.status == 0)
            #expect(
                plain.stderr.contains("note: the parameters of 1 existing workspace were not compared with the server"),
                "\(plain.stderr)")
            // The plan itself says so too, with how to compare them, and does not claim a full match.
            #expect(
                plain.stdout.contains(
                    "? parameters of 1 workspace not compared: they cost a request each and were not read "
                        + "(`atrium reconcile --check-parameters` reads them)"), "\(plain.stdout)")
            #expect(!plain.stdout.contains("the server matches git.\n"), "\(plain.stdout)")
        }
    }

    /// Uncommitted YAML edits are not read, and the run says so.
    @Test func uncommittedEditsAreNamed() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api")])
            try Docs.workspace("alice", "api", spec: "  sharing: {users: {bob: use}}").write(
                to: h.repo.appendingPathComponent("ws.yaml"), atomically: true, encoding: .utf8)
            let result = try await Binary.atrium(["validate"], in: h.repo)
            #expect(result.status == 0)
            #expect(result.stderr.contains("the working tree differs from HEAD"), "\(result.stderr)")
            #expect(
                result.stderr.contains("`ws.yaml`") && result.stderr.contains("pass --worktree"), "\(result.stderr)")
            let worktree = try await Binary.atrium(["validate", "--worktree"], in: h.repo)
            #expect(!worktree.stderr.contains("differs from HEAD"), "\(worktree.stderr)")
        }
    }

    /// What a user gets wrong first: each is one line that says what to do, printed once, and
    /// `--format json` writes an error object instead of nothing.
    @Test func setupMistakesAreSaidOnceAndPlainly() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api")])
            let noToken = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run"], in: h.repo, environment: ["ATRIUM_TOKEN": ""])
            #expect(noToken.status == 1)
            #expect(
                noToken.stderr.components(separatedBy: "no session token").count == 2, "said once: \(noToken.stderr)")

            let empty = h.repo.appendingPathComponent("empty-token").path
            try "".write(toFile: empty, atomically: true, encoding: .utf8)
            let emptyFile = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run", "--token-file", empty], in: h.repo)
            #expect(emptyFile.status == 1)
            #expect(emptyFile.stderr.contains("the token file `\(empty)` is empty"), "\(emptyFile.stderr)")

            let port = h.server.baseURL.split(separator: ":").last.map(String.init) ?? ""
            let noScheme = try await Binary.atrium(
                ["reconcile", "--server", "127.0.0.1:\(port)", "--dry-run"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token])
            #expect(noScheme.status == 1)
            #expect(
                noScheme.stderr.contains("is not a server URL") && noScheme.stderr.contains("https://"),
                "\(noScheme.stderr)")
            #expect(!noScheme.stderr.contains("HTTPClientError"))

            let json = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run", "--format", "json"], in: h.repo,
                environment: ["ATRIUM_TOKEN": "atr_wrong"])
            #expect(json.status == 1)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            #expect(error?["kind"] as? String == "live-state", "\(json.stdout)")
            #expect((error?["message"] as? String)?.contains("401") == true, "\(json.stdout)")
        }
    }

    /// Names nobody knows are mistakes, not empty answers.
    @Test func unknownNamesExitOne() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api", spec: "  sharing: {users: {bob: use}}")])
            let environment = ["ATRIUM_TOKEN": h.token]
            let show = try await Binary.atrium(
                ["show", "nobody/nothing", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(show.status == 1)
            #expect(show.stderr.contains("no workspace `nobody/nothing`"), "\(show.stderr)")
            let access = try await Binary.atrium(["access", "--user", "nobody"], in: h.repo)
            #expect(access.status == 1)
            #expect(access.stderr.contains("no user `nobody` in git"), "\(access.stderr)")
            #expect(try await Binary.atrium(["access", "--user", "bob"], in: h.repo).status == 0)
            let live = try await Binary.atrium(
                ["access", "--user", "carol", "--live", "--server", h.server.baseURL], in: h.repo,
                environment: environment)
            #expect(live.status != 1, "carol exists on the server: \(live.stderr)")
        }
    }

    /// `export` writes the server's URL into atrium.yaml without credentials.
    @Test func exportWritesNoCredentials() async throws {
        try await withHarness { h in
            let url = h.server.baseURL.replacingOccurrences(of: "http://", with: "http://user:pw@")
            let result = try await Binary.atrium(
                ["export", "--server", url], in: h.repo, environment: ["ATRIUM_TOKEN": h.token])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("server: {url: \(h.server.baseURL),"), "\(result.stdout.prefix(400))")
            #expect(!result.stdout.contains("pw") && !result.stdout.contains("***"))
        }
    }

    /// The share URL the plan prints opens a page on the reference server.
    @Test func theShareURLAnswers() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api", spec: "  sharing: {link: everyone}")])
            let apply = try await h.reconcile([])
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("/@alice/api"), "\(apply.stdout)")
            let fetch = """
                import sys, urllib.request, urllib.error
                for url in sys.argv[1:]:
                    try:
                        print(urllib.request.urlopen(url, timeout=30).status)
                    except urllib.error.HTTPError as error:
                        print(error.code)
                """
            let statuses = try await Binary.tool(
                ["python3", "-c", fetch, "\(h.server.baseURL)/@alice/api", "\(h.server.baseURL)/@alice/existing"],
                in: h.repo)
            #expect(statuses.split(separator: "\n") == ["200", "404"], "shared by link, and not: \(statuses)")
        }
    }
}

import AtriumTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// examples/ci run as written: each job's script steps, locally, as GitLab's and GitHub's runners
/// run them (scripts/ci-examples/run-jobs.py), with fake CI variables, the built `atrium`, a real
/// `atrium serve`, a real repository cloned from a bare one, and a loopback stand-in for GitLab's
/// notes API.
@Suite struct CIExamplesRunTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: alice}, {username: bob}, {username: carol}]
        templates: [{name: go-dev}]
        workspaces: [{owner: alice, name: api, template: go-dev}]
        """

    static func workspace(_ users: String) -> String {
        "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\n"
            + "spec:\n  template: go-dev\n  sharing: {users: {\(users)}}\n"
    }

    /// A clone of a bare remote whose main declares alice/api shared with bob.
    static func repository(in folder: URL) async throws -> URL {
        let remote = folder.appendingPathComponent("remote.git")
        let seed = folder.appendingPathComponent("seed")
        try FileManager.default.createDirectory(
            at: seed.appendingPathComponent("acme"), withIntermediateDirectories: true)
        try "apiVersion: atrium/v1\nkind: Config\nserver: {organization: default}\n".write(
            to: seed.appendingPathComponent("acme/atrium.yaml"), atomically: true, encoding: .utf8)
        try workspace("bob: use").write(
            to: seed.appendingPathComponent("acme/api.yaml"), atomically: true, encoding: .utf8)
        for arguments in [
            ["git", "init", "-q", "--bare", "-b", "main", remote.path],
            ["git", "-C", seed.path, "init", "-q", "-b", "main"],
            ["git", "-C", seed.path, "add", "-A"], ["git", "-C", seed.path, "commit", "-q", "-m", "bob uses api"],
            ["git", "-C", seed.path, "push", "-q", remote.path, "main"],
            ["git", "clone", "-q", remote.path, folder.appendingPathComponent("repo").path],
        ] {
            try await ChildProcess.tool(arguments, in: folder)
        }
        return folder.appendingPathComponent("repo")
    }

    static func commit(_ repo: URL, _ text: String, _ message: String) async throws {
        try text.write(to: repo.appendingPathComponent("acme/api.yaml"), atomically: true, encoding: .utf8)
        try await ChildProcess.tool(["git", "commit", "-q", "-am", message], in: repo)
    }

    /// Runs one job; answers what run-jobs.py reports.
    static func run(
        _ kind: String, _ job: String, _ repo: URL, _ server: ServedServer, notes: String = ""
    ) async throws -> [String: Any] {
        let script = CLI.packageRoot.appendingPathComponent("scripts/ci-examples/run-jobs.py").path
        let result = try await ChildProcess.run(
            Command(
                "python3", [script, kind, job, repo.path], in: repo,
                environment: [
                    "ATRIUM_URL": server.baseURL, "ATRIUM_TOKEN": server.adminToken, "NOTES_URL": notes,
                    "ATRIUM_BIN_DIR": CLI.executable.deletingLastPathComponent().path, "NO_COLOR": "1",
                ], deadline: .seconds(240)))
        #expect(result.status == 0, "\(job): \(result.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    /// Drift: alice/api shared with carol on the server, behind git's back.
    static func shareByHand(_ server: ServedServer) async throws {
        let carol = try await server.request("GET", "/users/carol").object["id"] as? String ?? ""
        let api = try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String ?? ""
        _ = try await server.request("PATCH", "/workspaces/\(api)/acl", body: ["user_roles": [carol: "use"]])
    }

    /// The notes the stand-in for GitLab holds.
    static func notes(_ url: String) async throws -> [[String: Any]] {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url + "/__notes")))
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    @Test func theGitLabJobsRunAsWritten() async throws {
        let folder = try ServeCommandTests.scratchFolder("atrium-gitlab")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repo = try await Self.repository(in: folder)
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let applied = try await Self.run("gitlab", "reconcile", repo, server)
            #expect(applied["status"] as? Int == 0, "\(applied)")
            let receiver = CLI.packageRoot.appendingPathComponent("scripts/ci-examples/notes-receiver.py").path
            _ = try await ChildProcess.run(
                Command("python3", [receiver, "--lifetime", "200"], in: folder, deadline: .seconds(210))
            ) { notes in
                try await notes.wait(for: "the notes receiver") { notes.stdout.contains("listening on") }
                let port = notes.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines)
                let url = "http://127.0.0.1:\(port ?? "")"
                try await ChildProcess.tool(["git", "checkout", "-qb", "mr"], in: repo)
                try await Self.commit(repo, Self.workspace("bob: use, carol: admin"), "carol administers api")
                let review = try await Self.run("gitlab", "access-diff", repo, server, notes: url)
                #expect(review["status"] as? Int == 3, "\(review)")
                #expect((review["stdout"] as? String)?.contains("Needs a security review") == true, "\(review)")
                _ = try await Self.run("gitlab", "access-diff", repo, server, notes: url)
                var held = try await Self.notes(url)
                #expect(held.count == 1, "one note, updated in place: \(held)")
                #expect((held.first?["body"] as? String)?.hasPrefix("<!-- atrium-diff -->") == true)
                #expect((held.first?["body"] as? String)?.contains("carol") == true)

                try await Self.commit(repo, Self.workspace("carol: superuser"), "a role that does not exist")
                let invalid = try await Self.run("gitlab", "access-diff", repo, server, notes: url)
                #expect(invalid["status"] as? Int == 1, "\(invalid)")
                held = try await Self.notes(url)
                let body = held.first?["body"] as? String ?? ""
                #expect(held.count == 1 && body.contains("could not compare") && body.contains("invalid"), "\(body)")
                #expect(!body.contains("security review"), "\(body)")
                notes.send(SIGTERM)
            }
            // Drift: a grant made by hand. The job fails, and the access review is written anyway.
            try await ChildProcess.tool(["git", "checkout", "-q", "main"], in: repo)
            try await Self.shareByHand(server)
            let drift = try await Self.run("gitlab", "drift", repo, server)
            #expect(drift["status"] as? Int == 2, "\(drift)")
            let csv = try String(contentsOf: repo.appendingPathComponent("access-review.csv"), encoding: .utf8)
            #expect(csv.contains("user:carol") && csv.contains("not-declared"), "\(csv)")
        }
    }

    @Test func theGitHubJobsRunAsWritten() async throws {
        let folder = try ServeCommandTests.scratchFolder("atrium-github")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repo = try await Self.repository(in: folder)
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let applied = try await Self.run("github", "apply", repo, server)
            #expect(applied["status"] as? Int == 0, "\(applied)")
            try await ChildProcess.tool(["git", "checkout", "-qb", "pr"], in: repo)
            try await Self.commit(repo, Self.workspace("bob: use, carol: admin"), "carol administers api")
            let review = try await Self.run("github", "pull-request", repo, server)
            #expect(review["status"] as? Int == 1, "\(review)")
            #expect(((review["outputs"] as? [String: Any])?["diff"] as? [String: String])?["status"] == "3")
            let steps = review["steps"] as? [[String: Any]] ?? []
            #expect((steps.last?["stdout"] as? String)?.contains("need a security review") == true, "\(steps)")
            #expect((review["summary"] as? String)?.contains("carol") == true)

            try await Self.commit(repo, Self.workspace("carol: superuser"), "a role that does not exist")
            let invalid = try await Self.run("github", "pull-request", repo, server)
            let last = (invalid["steps"] as? [[String: Any]])?.last?["stdout"] as? String ?? ""
            #expect(last.contains("could not compare this pull request (exit 1)"), "\(invalid)")
            #expect((invalid["summary"] as? String)?.contains("desired state is invalid") == true, "\(invalid)")

            try await ChildProcess.tool(["git", "checkout", "-q", "main"], in: repo)
            try await Self.shareByHand(server)
            let drift = try await Self.run("github", "drift", repo, server)
            #expect(drift["status"] as? Int == 2, "\(drift)")
            let csv = try String(contentsOf: repo.appendingPathComponent("access-review.csv"), encoding: .utf8)
            #expect(csv.contains("user:carol"), "the review is written after the failed check: \(csv)")
        }
    }
}

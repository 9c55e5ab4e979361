import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// The client against servers that misbehave: each is `scripts/fault-server.py`, a small program
/// on loopback started by the test. Every wait is bounded and every failure is one clear line
/// with exit 1, never a crash.
@Suite struct FaultServerTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("scripts/fault-server.py")

    /// Runs `body` with the URL of a fault server started with `arguments`, and the requests it saw.
    func withFaultServer(
        _ arguments: [String], _ body: @escaping @Sendable (String, @escaping @Sendable () -> Int) async throws -> Void
    ) async throws {
        let command = Command(
            "python3", [Self.script.path] + arguments + ["--lifetime", "90"],
            in: FileManager.default.temporaryDirectory, deadline: .seconds(100))
        _ = try await ChildProcess.run(command) { child in
            try await child.wait(for: "the fault server to listen") { child.stdout.contains("listening on") }
            let port =
                child.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            try await body("http://127.0.0.1:\(port)") { child.stderr.components(separatedBy: "request ").count - 1 }
            child.send(SIGTERM)
        }
    }

    /// A repository with one workspace, for reconciles against the fault servers.
    func repository() async throws -> URL {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Docs.workspace("alice", "api").write(
            to: repo.appendingPathComponent("api.yaml"), atomically: true, encoding: .utf8)
        try await Binary.tool(["git", "init", "-q", "-b", "main"], in: repo)
        try await Binary.tool(["git", "add", "-A"], in: repo)
        try await ChildProcess.tool(["git", "commit", "-q", "-m", "one workspace"], in: repo)
        return repo
    }

    func reconcile(_ repo: URL, _ url: String, _ extra: [String] = []) async throws -> ProcessResult {
        var command = Binary.command(
            ["reconcile", "--dry-run", "--server", url] + extra, in: repo, environment: ["ATRIUM_TOKEN": "secret-token"]
        )
        command.deadline = .seconds(60)
        return try await ChildProcess.run(command)
    }

    /// A server whose messages attack the terminal and the CI log: every output path shows them
    /// escaped and cut, and no line it prints starts a workflow command.
    @Test func aHostileServersMessageReachesNoTerminalRaw() async throws {
        let repo = try await repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try await withFaultServer(["hostile"]) { url, _ in
            for format in ["text", "json", "markdown"] {
                let result = try await reconcile(repo, url, ["--format", format])
                #expect(result.status == 1, "\(format): \(result.stderr.prefix(500))")
                for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                    #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\r" }, "\(name)")
                    #expect(
                        !text.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix("::") },
                        "\(format) \(name): \(text.prefix(2000))")
                    #expect(text.utf8.count < 8_192, "\(format) \(name): \(text.utf8.count) bytes")
                }
                #expect(result.stderr.contains("bad\\e[2J\\e]0;pwned\\u{7}\\nwhat"), "\(result.stderr.prefix(600))")
                #expect(result.stderr.contains("more characters)"), "a long message is cut, saying so")
            }
            for command in [["list"], ["access", "--live"], ["show", "alice/api"], ["export"]] {
                var run = Binary.command(
                    command + ["--server", url], in: repo,
                    environment: ["ATRIUM_TOKEN": "secret-token", "ATRIUM_LOG_LEVEL": "debug"])
                run.deadline = .seconds(60)
                let result = try await ChildProcess.run(run)
                #expect(result.status != 0, "\(command)")
                let text = result.stdout + result.stderr
                #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(command)")
                #expect(
                    !text.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(command): \(text.prefix(1500))")
                #expect(text.utf8.count < 16_384, "\(command): \(text.utf8.count) bytes")
            }
        }
    }

    /// A server that accepts and never answers: the run ends within its budget (`--timeout`),
    /// naming the server and what timed out, not after retrying each attempt for its own timeout.
    @Test func aServerThatNeverAnswersEndsTheRunWithinItsBudget() async throws {
        let repo = try await repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try await withFaultServer(["hang"]) { url, requests in
            let result = try await reconcile(repo, url, ["--timeout", "2s"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("no usable answer from \(url)"), "\(result.stderr)")
            #expect(result.stderr.contains("timed out waiting for an answer"), "\(result.stderr)")
            #expect(result.stderr.contains("--timeout 2 s"), "\(result.stderr)")
            #expect(!result.stderr.contains("HTTPClientError"), "\(result.stderr)")
            #expect(!result.stderr.contains("secret-token"))
            #expect(requests() >= 1)
        }
    }

    /// `Retry-After` as RFC 9110 defines it: a wait over `--max-wait` is an error at once; values
    /// that are not seconds or a date are ignored (no crash on `1e30` or `inf`, no tight loop
    /// on `-5`).
    @Test(arguments: ["86400", "Fri, 31 Dec 2100 23:59:59 GMT"])
    func aRetryAfterOverTheBoundIsAnErrorAtOnce(_ value: String) async throws {
        let repo = try await repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try await withFaultServer(["status", "429", "Retry-After: \(value)"]) { url, requests in
            let result = try await reconcile(repo, url)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("asked to wait"), "\(result.stderr)")
            #expect(result.stderr.contains("longer than --max-wait 60 s"), "\(result.stderr)")
            // /buildinfo, /users/me, the organization, its setting, groups and templates, and the
            // first pages of users and workspaces go out together; none is retried.
            #expect(requests() <= 8, "no retry after a wait over the bound: \(requests()) requests")
        }
    }

    @Test(arguments: ["1e30", "inf", "-5", "0", "NaN", "Mon, 01 Jan 2001 00:00:00 GMT"])
    func aRetryAfterThatIsNoWaitNeitherCrashesNorSpins(_ value: String) async throws {
        let repo = try await repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try await withFaultServer(["status", "429", "Retry-After: \(value)"]) { url, requests in
            let started = ContinuousClock.now
            let result = try await reconcile(repo, url, ["--timeout", "2s"])
            // The budget is a deadline: the client's own backoff (up to 5 s a pause) never runs past
            // it (beyond it, a run took up to 9.3 s); the process's own start and load come on top.
            #expect(ContinuousClock.now - started < .seconds(7), "\(ContinuousClock.now - started)")
            #expect(result.status == 1, "\(result.stderr)")
            #expect(
                result.stderr.contains("no usable answer from \(url)") && result.stderr.contains("answering 429"),
                "\(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
            // Paced by the default pause (1 s) or the floor (0.1 s), doubled after each pause that
            // brings only 429s: the live read's eight first requests, refused together, about five
            // times in 2 s. Tens of requests, not hundreds.
            #expect(requests() <= 60, "\(requests()) requests")
        }
    }
}

import AtriumTestSupport
import Foundation
import Testing

/// `atrium serve` under hostile requests sent on raw sockets by scripts/hostile-requests.py:
/// 16 request-smuggling framings (the request behind each is never answered), 17 SQL-injection
/// payloads in searches, paths and bodies (none widens a search, changes the users or is
/// answered 5xx, and the SQLite file stays intact), and 11 path-traversal paths (no file outside
/// the API comes back).
@Suite struct HostileRequestTests {
    @Test func smugglingInjectionAndTraversalAreRefusedAndLeaveNoTrace() async throws {
        let folder = try ServeCommandTests.scratchFolder("atrium-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("atrium.db").path
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(database)", "--rate-limit", "0",
            "--seed", CLI.packageRoot.appendingPathComponent("examples/seed.yaml").path, "--bootstrap-admin", "admin",
        ]
        let (_, probe) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
                .prefix(while: \.isNumber)
            try await server.wait(for: "the admin's token") { server.stdout.contains("\n") }
            let token = server.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            var command = Command(
                "python3",
                [CLI.packageRoot.appendingPathComponent("scripts/hostile-requests.py").path, String(port), token],
                in: folder)
            command.deadline = .seconds(120)
            let probe = try await ChildProcess.run(command)
            server.send(SIGTERM)
            return probe
        }
        #expect(probe.status == 0, "\(probe.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") })")
        #expect(
            probe.stdout.contains(
                "smuggling: 16 passed, 0 failed; injection: 17 passed, 0 failed; traversal: 11 passed, 0 failed;"),
            "\(probe.stdout)\(probe.stderr)")
        let check =
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])"
        let integrity = try await ChildProcess.run(Command("python3", ["-c", check, database], in: folder))
        #expect(integrity.stdout == "ok\n", "\(integrity.stderr)")
    }
}

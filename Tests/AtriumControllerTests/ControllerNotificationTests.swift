import AtriumController
import AtriumCore
import AtriumTestSupport
import Crypto
import Foundation
import Testing

/// `atrium controller --notify`: loopback receivers get each event — applied, drift corrected,
/// the expiry digest, an invalid head — signed and free of secrets, with GitHub-style commit
/// statuses; a Slack receiver that never answers holds up none of it and is logged by origin.
@Suite struct ControllerNotificationTests {
    /// Answers 200 (`ok`) or never (`hang`); prints its port, then one JSON line per request.
    static let receiver = #"""
        import http.server, json, sys, threading, time
        mode = sys.argv[1]
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                line = json.dumps({"path": self.path, "headers": dict(self.headers), "body": body.decode()})
                with lock:
                    sys.stdout.write(line + "\n")
                    sys.stdout.flush()
                if mode == "hang":
                    time.sleep(3600)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print("port %d" % server.server_address[1], flush=True)
        server.serve_forever()
        """#

    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }
    }

    static func received(_ child: RunningChild) -> [Received] {
        child.stdout.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["path"] as? String
            else { return nil }
            return Received(
                path: path, headers: object["headers"] as? [String: String] ?? [:],
                body: object["body"] as? String ?? "")
        }
    }

    static func events(_ child: RunningChild) -> [String] {
        received(child).filter { $0.path == "/hook" }.compactMap { $0.object["event"] as? String }
    }

    static func receiving<T: Sendable>(
        _ mode: String, in folder: URL, _ body: @Sendable (RunningChild, String) async throws -> T
    ) async throws -> T {
        var command = Command("python3", ["-c", receiver, mode], in: folder)
        command.deadline = .seconds(300)
        let (_, value) = try await ChildProcess.run(command) { child in
            try await child.wait(for: "the receiver's port") { child.stdout.contains("\n") }
            let port = child.stdout.split(separator: "\n")[0].dropFirst(5)
            let value = try await body(child, String(port))
            child.send(SIGTERM)
            return value
        }
        return value
    }

    @Test func eachEventReachesItsReceiversSignedAndADeadOneHoldsNothingUp() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let soon = Timestamp.format(Date().addingTimeInterval(2 * 86_400))
        try await fixture.push(["atrium.yaml": ControllerFixture.config()], message: "one")
        let good = try await fixture.push(
            [
                "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"])
                    .replacingOccurrences(of: "bob: use", with: "bob: use, carol: {role: use, expires: \(soon)}")
            ], message: "Share existing with bob and carol")
        let secret = "notify-secret-\(UUID().uuidString)"
        let token = "notify-token-\(UUID().uuidString)"
        let secretFile = try fixture.write("notify-secret", secret)
        let tokenFile = try fixture.write("notify-token", token)
        let auditLog = fixture.folder.appendingPathComponent("audit.jsonl")
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            try await Self.receiving("ok", in: fixture.folder) { okay, okPort in
                try await Self.receiving("hang", in: fixture.folder) { dead, deadPort in
                    let arguments = [
                        "--notify", "webhook:http://127.0.0.1:\(okPort)/hook",
                        "--notify", "slack:http://127.0.0.1:\(deadPort)/services/T000/B000/\(secret.suffix(8))",
                        "--notify", "github:http://127.0.0.1:\(okPort)/repos/acme/access",
                        "--notify", "gitlab:http://127.0.0.1:\(okPort)/api/v4/projects/7",
                        "--notify-secret-file", secretFile, "--notify-token-file", tokenFile, "--notify-timeout", "1s",
                        "--audit-log", auditLog.path,
                    ]
                    let result = try await fixture.withController(server: server, arguments: arguments) { controller in
                        try await okay.wait(for: "the applied event") { Self.events(okay).contains("applied") }
                        try await okay.wait(for: "the digest") { Self.events(okay).contains("expiring") }
                        // The page at `/`: the matrix of the enforced commit and the last cycles.
                        let page = try await controller.request("GET", "/")
                        #expect(page.status == 200 && page.text.contains("Atrium controller: access"))
                        #expect(page.text.contains("data-subject=\"user:bob\"") && page.text.contains("Last cycles"))
                        try await server.patchACL("alice", "existing", users: ["user1": "use"])
                        try await okay.wait(for: "drift corrected") { Self.events(okay).contains("drift-corrected") }
                        let bad = try await fixture.push(
                            ["ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "superuser"])],
                            message: "bad")
                        try await okay.wait(for: "head invalid") { Self.events(okay).contains("head-invalid") }
                        try await controller.waitForStatus("two more cycles on the bad head") {
                            $0.headCommit == bad && $0.cycles >= 6
                        }
                        try await dead.wait(for: "a delivery tried on the dead receiver") {
                            !Self.received(dead).isEmpty
                        }
                        // Slack's payload: text only, the headline first, nothing secret.
                        let slack = Self.received(dead).first?.object["text"] as? String ?? ""
                        #expect(slack.hasPrefix("*Atrium* ("), "\(slack)")
                        #expect(slack.contains("Applied \(good.prefix(12)) by") && !slack.contains(token), "\(slack)")
                        try await controller.child.wait(for: "the dead receiver logged", within: .seconds(30)) {
                            controller.child.stderr.contains("notification not delivered")
                        }
                        Self.check(Self.received(okay), good: good, bad: bad, secret: secret, token: token)
                        // The audit log: a JSON line per change applied, the drift removal among them.
                        let lines = try String(contentsOf: auditLog, encoding: .utf8).split(separator: "\n")
                        #expect(lines.count == 3, "\(lines)")
                        #expect(lines.contains { $0.contains("\"kind\":\"unshare\"") && $0.contains("user:user1") })
                        #expect(lines.allSatisfy { $0.contains("\"commit\":\"\(good)\"") })
                    }
                    #expect(result.stderr.contains("slack http://127.0.0.1:\(deadPort)"), "\(result.stderr)")
                    #expect(!result.stderr.contains(String(secret.suffix(8))), "the Slack URL's path is a secret")
                }
            }
        }
    }

    /// What the working receiver got: each event once, in order, signed; statuses with the token.
    static func check(_ received: [Received], good: String, bad: String, secret: String, token: String) {
        let hooks = received.filter { $0.path == "/hook" }
        let events = hooks.compactMap { $0.object["event"] as? String }
        #expect(events.filter { $0 == "head-invalid" }.count == 1, "once, not every cycle: \(events)")
        #expect(events.filter { $0 == "expiring" }.count == 1, "once a day: \(events)")
        for hook in hooks {
            let mac = HMAC<SHA256>.authenticationCode(
                for: Data(hook.body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            #expect(hook.headers["X-Atrium-Signature"] == expected, "\(hook.headers)")
            #expect(!hook.body.contains(secret) && !hook.body.contains(token))
        }
        let applied = hooks.first { $0.object["event"] as? String == "applied" }?.object ?? [:]
        #expect(applied["commit"] as? String == good)
        #expect(
            (applied["details"] as? [String])?.contains("alice/existing: share with user:bob as use") == true,
            "\(applied)")
        let drift = hooks.first { $0.object["event"] as? String == "drift-corrected" }?.object ?? [:]
        #expect((drift["details"] as? [String])?.contains { $0.contains("user:user1") } == true, "\(drift)")
        let digest = hooks.first { $0.object["event"] as? String == "expiring" }?.object ?? [:]
        #expect((digest["details"] as? [String])?.first?.hasPrefix("user:carol use on alice/existing expires") == true)
        let invalid = hooks.first { $0.object["event"] as? String == "head-invalid" }?.object ?? [:]
        #expect(invalid["commit"] as? String == bad)
        let statuses = received.filter { $0.path.hasPrefix("/repos/acme/access/statuses/") }
        #expect(statuses.contains { $0.path.hasSuffix(good) && $0.object["state"] as? String == "success" })
        #expect(statuses.contains { $0.path.hasSuffix(bad) && $0.object["state"] as? String == "failure" })
        #expect(statuses.allSatisfy { $0.headers["Authorization"] == "Bearer \(token)" })
        let gitlab = received.filter { $0.path.hasPrefix("/api/v4/projects/7/statuses/") }
        #expect(gitlab.contains { $0.path.hasSuffix(good) && $0.object["state"] as? String == "success" })
        #expect(gitlab.contains { $0.path.hasSuffix(bad) && $0.object["state"] as? String == "failed" })
        #expect(
            gitlab.allSatisfy {
                $0.headers["PRIVATE-TOKEN"] == token && $0.object["name"] as? String == "atrium/controller"
            })
    }
}

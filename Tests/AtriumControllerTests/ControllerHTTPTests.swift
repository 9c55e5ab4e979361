import AtriumController
import AtriumTestSupport
import Foundation
import Testing

/// Smart HTTP through `git http-backend` behind a small CGI server that asks for basic auth: the
/// token from ATRIUM_GIT_TOKEN is sent to the remote, and only there; it is never shown.
@Suite struct ControllerHTTPTests {
    static let token = "glpat-s3cr3t-token-value"

    @Test func fetchesOverSmartHTTPWithAToken() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let commit = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        try await Self.withGitHTTP(fixture, redirectTo: nil) { remote, _ in
            try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
                // Without a token: the fetch fails, and says how to give one.
                let refused = try await fixture.withController(server: server, url: remote) { controller in
                    let status = try await controller.waitForStatus("the failed fetch") { $0.result == .failure }
                    #expect(status.error?.contains("ATRIUM_GIT_TOKEN") == true, "\(status.error ?? "")")
                }
                #expect(refused.status == 0)
                let result = try await fixture.withController(
                    server: server, url: remote, environment: ["ATRIUM_GIT_TOKEN": Self.token]
                ) { controller in
                    try await controller.waitForStatus("the commit applied over http://") {
                        $0.commit == commit && $0.result == .success
                    }
                    #expect(try await server.acl("alice", "existing") == ["bob": "use"])
                    #expect(!(try await controller.request("GET", "/status").text.contains(Self.token)))
                }
                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.stderr.contains(Self.token), "the token is never logged")
            }
        }
    }

    /// A remote that redirects to another origin gets no token there: the fetch fails instead.
    @Test func theTokenIsNotSentToAnotherOrigin() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push(["atrium.yaml": ControllerFixture.config()])
        try await Self.withGitHTTP(fixture, redirectTo: nil) { target, targetLog in
            try await Self.withGitHTTP(fixture, redirectTo: target) { redirecting, _ in
                try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
                    _ = try await fixture.withController(
                        server: server, url: redirecting, environment: ["ATRIUM_GIT_TOKEN": Self.token]
                    ) { controller in
                        let status = try await controller.waitForStatus("the failed fetch") { $0.result == .failure }
                        #expect(status.error?.contains("cannot fetch") == true, "\(status.error ?? "")")
                    }
                    let seen = (try? String(contentsOfFile: targetLog, encoding: .utf8)) ?? ""
                    #expect(!seen.contains("Basic"), "the other origin got no credentials: \(seen)")
                }
            }
        }
    }

    /// Serves `fixture`'s folder over smart HTTP (or redirects every request to `redirectTo`);
    /// `body` gets the remote's URL and the file logging each request's Authorization header.
    static func withGitHTTP(
        _ fixture: ControllerFixture, redirectTo: String?, _ body: @Sendable (String, String) async throws -> Void
    ) async throws {
        let log = fixture.folder.appendingPathComponent("auth-\(UUID().uuidString).log").path
        var command = Command(
            "python3", ["-c", server, fixture.folder.path, token, log, redirectTo ?? ""], in: fixture.folder)
        command.deadline = .seconds(200)
        _ = try await ChildProcess.run(command) { child in
            try await child.wait(for: "the port") { child.stdout.contains("\n") }
            let port = child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try await body("http://127.0.0.1:\(port)/remote.git", log)
            child.send(SIGTERM)
        }
    }

    static let server = #"""
        import base64, http.server, os, subprocess, sys
        root, token, log, redirect = sys.argv[1:5]
        expected = "Basic " + base64.b64encode(("x-access-token:" + token).encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self): self.serve()
            def do_POST(self): self.serve()
            def log_message(self, *args): pass

            def serve(self):
                auth = self.headers.get("Authorization", "")
                with open(log, "a") as out: out.write(auth + "\n")
                if redirect:
                    self.send_response(302); self.send_header("Location", redirect + self.path[len("/remote.git"):])
                    self.send_header("Content-Length", "0"); self.end_headers(); return
                if auth != expected:
                    self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="git"')
                    self.send_header("Content-Length", "0"); self.end_headers(); return
                path, _, query = self.path.partition("?")
                if self.headers.get("Transfer-Encoding", "") == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0: self.rfile.readline(); break
                        body += self.rfile.read(size); self.rfile.readline()
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path, QUERY_STRING=query,
                           REQUEST_METHOD=self.command, CONTENT_TYPE=self.headers.get("Content-Type", ""), CONTENT_LENGTH=str(len(body)),
                           REMOTE_USER="x-access-token", GIT_HTTP_MAX_REQUEST_BUFFER="100M")
                out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                head, _, rest = out.partition(b"\r\n\r\n")
                status, headers = 200, []
                for line in head.split(b"\r\n"):
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "status": status = int(value.strip().split()[0])
                    elif name: headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(rest))); self.end_headers(); self.wfile.write(rest)

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}

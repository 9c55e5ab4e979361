import AtriumTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `atrium serve` as a user runs it: a real process, a real port, signals.
@Suite struct ServeCommandTests {
    /// A new empty folder under the temporary directory, named `prefix-UUID`.
    static func scratchFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func get(_ url: String, token: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue(token, forHTTPHeaderField: "Coder-Session-Token")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesSeedsLogsAndStopsCleanly(signal: Int32) async throws {
        let folder = try Self.scratchFolder("atrium-serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db",
            "--seed", CLI.packageRoot.appendingPathComponent("examples/seed.yaml").path, "--bootstrap-admin", "admin",
        ]
        let serving = "serving Coder's v2 API on http://127.0.0.1:"
        // ATRIUM_LOG_LEVEL=debug: a line per answered request.
        let (firstRun, token) = try await ChildProcess.run(
            CLI.command(arguments, in: folder, environment: ["ATRIUM_LOG_LEVEL": "debug"])
        ) { first in
            let port = try await first.waitForStderr(serving)
            // The token comes on stdout, a pipe of its own: it may arrive after the log line.
            try await first.wait(for: "token on stdout") { first.stdout.hasSuffix("\n") }
            let token = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.hasPrefix("atr_"))
            let (status, body) = try await get("http://127.0.0.1:\(port)/api/v2/users/me", token: token)
            #expect(status == 200)
            #expect(body.contains("\"username\":\"admin\""))
            let (groups, _) = try await get(
                "http://127.0.0.1:\(port)/api/v2/organizations/default/groups/qa", token: token)
            #expect(groups == 200, "the seed was loaded")
            _ = try await first.waitForStderr("GET /api/v2/users/me 200")
            first.send(signal)
            return token
        }
        #expect(firstRun.status == 0, "\(firstRun.stderr)")
        #expect(!firstRun.stderr.contains(token), "the token never appears in logs")

        // Restarting on the same database: the seed changes nothing, no second token is printed.
        let (secondRun, _) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { second in
            let port = try await second.waitForStderr(serving)
            #expect(try await get("http://127.0.0.1:\(port)/api/v2/users/me", token: token).0 == 200)
            #expect(try await get("http://127.0.0.1:\(port)/api/v2/users/me", token: "atr_wrong").0 == 401)
            // At the default level only refusals are logged (at warning, as Coder's request log).
            _ = try await second.waitForStderr("GET /api/v2/users/me 401")
            second.send(signal)
        }
        #expect(secondRun.status == 0, "\(secondRun.stderr)")
        #expect(!secondRun.stderr.contains("GET /api/v2/users/me 200"), "answered requests are logged at debug only")
        #expect(secondRun.stdout.isEmpty)
        #expect(!secondRun.stderr.contains("seed: created"))
        #expect(secondRun.stderr.contains("user admin exists already in sqlite:"), "\(secondRun.stderr)")
    }

    /// Opens N connections that never send a byte (from 127.0.0.2), asks for /buildinfo (from
    /// 127.0.0.1) while they are open, then waits and counts how many the server closed.
    static let idleClients = #"""
        import resource, socket, sys, time, urllib.request
        port, count, wait = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        # From 127.0.0.2: one address's share of the slots is capped, the client below is another.
        idle = [socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0)) for _ in range(count)]
        status = urllib.request.urlopen("http://127.0.0.1:%d/api/v2/buildinfo" % port, timeout=60).status
        print("answered %d with %d idle connections open" % (status, len(idle)), flush=True)
        time.sleep(wait)
        closed = 0
        for connection in idle:
            connection.setblocking(False)
            try:
                closed += connection.recv(1) == b""
            except BlockingIOError:
                pass
        print("closed %d" % closed, flush=True)
        """#

    @Test func idleConnectionsDoNotStopTheServerAnsweringAndAreClosed() async throws {
        let folder = try Self.scratchFolder("atrium-idle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db", "--header-timeout",
            "2",
        ]
        let (_, clients) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let clients = try await ChildProcess.run(
                Command("python3", ["-c", Self.idleClients, port, "5000", "5"], in: folder))
            server.send(SIGTERM)
            return clients
        }
        #expect(clients.status == 0, "\(clients.stderr)")
        #expect(clients.stdout.contains("answered 200 with 5000 idle connections open"), "\(clients.stdout)")
        #expect(
            clients.stdout.contains("closed 5000"), "every connection that sent nothing was closed: \(clients.stdout)")
    }

    /// A request refused for its token does not keep its connection (and a connection slot): the
    /// 401 says `Connection: close` and the server closes it; an answered one keeps it. An
    /// HTTP/1.0 request is closed after its answer unless it asks to keep the connection alive.
    @Test func connectionsCloseWhenHTTPSaysSo() async throws {
        let folder = try Self.scratchFolder("atrium-401")
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = #"""
            import socket, sys
            def ask(path, version="HTTP/1.1", extra=""):
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(f"GET {path} {version}\r\nHost: x\r\n{extra}\r\n".encode())
                s.settimeout(3)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        data += s.recv(65536)
                    head = data.split(b"\r\n")[0].decode()
                    while True:
                        if not s.recv(65536):
                            return head + " closed"
                except socket.timeout:
                    return head + " open"
            print(ask("/api/v2/users/me"))
            print(ask("/api/v2/buildinfo"))
            print(ask("/api/v2/buildinfo", "HTTP/1.0"))
            print(ask("/api/v2/buildinfo", "HTTP/1.0", "Connection: keep-alive\r\n"))
            print(ask("/api/v2/buildinfo", "HTTP/1.1", "Connection: Close\r\n"))
            """#
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db"]
        let (_, probed) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let probed = try await ChildProcess.run(Command("python3", ["-c", probe, port], in: folder))
            server.send(SIGTERM)
            return probed
        }
        let expected = [
            "HTTP/1.1 401 Unauthorized closed", "HTTP/1.1 200 OK open", "HTTP/1.1 200 OK closed",
            "HTTP/1.1 200 OK open", "HTTP/1.1 200 OK closed",
        ]
        #expect(probed.stdout == expected.joined(separator: "\n") + "\n", "\(probed.stderr)")
    }

    /// One address that opens many silent connections (from 127.0.0.2 here) gets its share of
    /// --max-connections and no more: the rest are closed when accepted, and a request from
    /// another address (127.0.0.1) is answered while the silent ones are still open — without the
    /// share, it would wait in the backlog until the header timeout freed a slot.
    @Test func oneAddressCannotHoldEveryConnectionSlot() async throws {
        let folder = try Self.scratchFolder("atrium-per-address")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clients = #"""
            import socket, sys, time, urllib.request
            port = int(sys.argv[1])
            silent = []
            for _ in range(100):
                s = socket.socket()
                s.bind(("127.0.0.2", 0))
                s.connect(("127.0.0.1", port))
                silent.append(s)
            status = urllib.request.urlopen("http://127.0.0.1:%d/api/v2/buildinfo" % port, timeout=10).status
            time.sleep(1)
            closed = 0
            for s in silent:
                s.setblocking(False)
                try:
                    closed += s.recv(1) == b""
                except BlockingIOError:
                    pass
            print("answered %d; %d silent connections closed" % (status, closed), flush=True)
            """#
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db",
            "--max-connections", "40", "--max-connections-per-address", "10", "--header-timeout", "30",
        ]
        let (_, ran) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let ran = try await ChildProcess.run(Command("python3", ["-c", clients, port], in: folder))
            server.send(SIGTERM)
            return ran
        }
        #expect(ran.stdout == "answered 200; 90 silent connections closed\n", "\(ran.stdout)\(ran.stderr)")
    }

    /// A stop waits for requests in flight, but not for ever: one that does not end (answered a
    /// minute late here) is cut short after --shutdown-timeout, and the server says so and exits.
    @Test func aStopIsBoundedByTheShutdownTimeout() async throws {
        let folder = try Self.scratchFolder("atrium-stop")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db", "--response-delay",
            "60000", "--shutdown-timeout", "1",
        ]
        // At debug the server says when it begins holding a request: the stop comes after that.
        var command = CLI.command(arguments, in: folder, environment: ["ATRIUM_LOG_LEVEL": "debug"])
        command.deadline = .seconds(40)
        let (result, _) = try await ChildProcess.run(command) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let inFlight = Task {
                try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v2/buildinfo")!)
            }
            _ = try await server.waitForStderr("holding GET /api/v2/buildinfo for 60.0 seconds (--response-delay)")
            server.send(SIGTERM)
            _ = await inFlight.value
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("still stopping 1 s after the signal"), "\(result.stderr)")
    }

    /// Trickles what a request sends, one byte a second, and says whether the server closed the
    /// connection within `limit` seconds: `body` (an unauthenticated POST whose body never ends)
    /// or `second-head` (a keep-alive connection's second request head, after a first answered).
    static let slowClient = #"""
        import socket, sys, time
        port, mode, limit = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
        connection = socket.create_connection(("127.0.0.1", port))
        if mode == "body":
            connection.sendall(b"POST /api/v2/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
            trickle = b"{" * 1000
        else:
            connection.sendall(b"GET /api/v2/buildinfo HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = connection.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200"), answer
            trickle = b"GET /api/v2/buildinfo HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
        connection.settimeout(1.0)
        started = time.monotonic()
        closed = False
        for byte in trickle:
            if time.monotonic() - started > limit:
                break
            try:
                connection.send(bytes([byte]))
                data = connection.recv(65536)
                if data == b"" or b"HTTP/1.1" in data and mode == "second-head":
                    closed = data == b""
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
        print("closed" if closed else "open after %.0f s" % (time.monotonic() - started), flush=True)
        """#

    /// Every request has deadlines, not only a connection's first: a head trickled on a
    /// keep-alive connection, and a body trickled without a token, end with the connection closed.
    @Test(arguments: ["body", "second-head"])
    func aTrickledRequestIsCutOff(_ mode: String) async throws {
        let folder = try Self.scratchFolder("atrium-slow")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db", "--header-timeout",
            "2", "--body-timeout", "2",
        ]
        let (_, client) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let client = try await ChildProcess.run(
                Command("python3", ["-c", Self.slowClient, port, mode, "20"], in: folder))
            server.send(SIGTERM)
            return client
        }
        #expect(client.status == 0, "\(client.stderr)")
        #expect(client.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "closed", "\(mode): \(client.stdout)")
    }

    /// `atrium token` mints a token for any user straight in the server's database, while it
    /// runs: a member's token to try what members may do, a new admin token when one is lost.
    @Test func tokensAreMintedForAnyUserWhileTheServerRuns() async throws {
        let folder = try Self.scratchFolder("atrium-token")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "sqlite:\(folder.path)/atrium.db"
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", database,
            "--seed", CLI.packageRoot.appendingPathComponent("examples/seed.yaml").path, "--bootstrap-admin", "admin",
        ]
        _ = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let member = try await CLI.run(["token", "--database", database, "--user", "maria"], in: folder)
            #expect(member.status == 0, "\(member.stderr)")
            let (status, body) = try await get(
                "http://127.0.0.1:\(port)/api/v2/users/me",
                token: member.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(status == 200 && body.contains("\"username\":\"maria\""), "\(body)")

            let nobody = try await CLI.run(["token", "--database", database, "--user", "nobody"], in: folder)
            #expect(nobody.status == 1 && nobody.stdout.isEmpty)
            #expect(
                nobody.stderr.contains("no user `nobody`") && nobody.stderr.contains("--create-admin"),
                "\(nobody.stderr)")

            let admin = try await CLI.run(
                ["token", "--database", database, "--user", "ops", "--create-admin"], in: folder)
            #expect(admin.status == 0, "\(admin.stderr)")
            let (_, me) = try await get(
                "http://127.0.0.1:\(port)/api/v2/users/me",
                token: admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(me.contains("\"username\":\"ops\"") && me.contains("owner"), "\(me)")
            #expect(admin.stderr.contains("minted a session token for ops in sqlite:\(folder.path)/atrium.db"))

            // In another folder, a relative database that does not exist is refused, not created.
            let elsewhere = try Self.scratchFolder("atrium-token-elsewhere")
            defer { try? FileManager.default.removeItem(at: elsewhere) }
            let missing = try await CLI.run(
                ["token", "--user", "admin", "--create-admin"], in: elsewhere)
            #expect(missing.status == 1 && missing.stdout.isEmpty, "\(missing.stdout)")
            #expect(missing.stderr.contains("there is no database at"), "\(missing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("atrium.db").path))
            server.send(SIGTERM)
        }
        // Run again, the bootstrap prints no token and says how to get one.
        let again = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            _ = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            server.send(SIGTERM)
        }.result
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("user admin exists already"), "\(again.stderr)")
        #expect(again.stderr.contains("atrium token --database \(database) --user admin"), "\(again.stderr)")
    }

    @Test func aPortInUseIsSaidInOneLine() async throws {
        let folder = try Self.scratchFolder("atrium-bind")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = ["serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/a.db"]
        let (_, second) = try await ChildProcess.run(CLI.command(first, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            let taken = try await CLI.run(
                ["serve", "--listen", "127.0.0.1:\(port)", "--database", "sqlite:\(folder.path)/b.db"], in: folder)
            server.send(SIGTERM)
            return (taken, port)
        }
        #expect(second.0.status == 1)
        #expect(
            second.0.stderr.contains("error: cannot listen on 127.0.0.1:\(second.1): address already in use"),
            "\(second.0.stderr)")
        #expect(!second.0.stderr.contains("errno"))
    }

    /// `--seed` repeated: the files are read in order into one seed, a later file naming what an
    /// earlier one creates; a problem in any file is reported with its location, and nothing starts.
    @Test func aSeedSplitAcrossFilesIsReadInOrder() async throws {
        let folder = try Self.scratchFolder("atrium-seeds")
        defer { try? FileManager.default.removeItem(at: folder) }
        try
            ("apiVersion: atrium/v1\nkind: Seed\nusers: [{username: bob}]\n"
            + "templates: [{name: go-dev, parameters: [size]}]\n")
            .write(to: folder.appendingPathComponent("people.yaml"), atomically: true, encoding: .utf8)
        try
            ("apiVersion: atrium/v1\nkind: Seed\ngroups: [{name: qa, members: [bob]}]\n"
            + "workspaces: [{owner: bob, name: lab, template: go-dev, parameters: {size: large}}]\n")
            .write(to: folder.appendingPathComponent("workspaces.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: atrium/v1\nkind: Seed\nusers:\n  - {usrname: eve}\n".write(
            to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/a.db", "--seed", "people.yaml",
            "--seed", "workspaces.yaml", "--bootstrap-admin", "admin",
        ]
        let (run, _) = try await ChildProcess.run(CLI.command(arguments, in: folder)) { server in
            let port = try await server.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            try await server.wait(for: "token on stdout") { server.stdout.hasSuffix("\n") }
            let token = server.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let (status, body) = try await get(
                "http://127.0.0.1:\(port)/api/v2/users/bob/workspace/lab", token: token)
            #expect(status == 200, "\(body)")
            #expect(body.contains("\"template_name\":\"go-dev\""), "\(body)")
            let (group, members) = try await get(
                "http://127.0.0.1:\(port)/api/v2/organizations/default/groups/qa", token: token)
            #expect(group == 200)
            #expect(members.contains("\"username\":\"bob\""), "\(members)")
            server.send(SIGTERM)
        }
        #expect(run.status == 0, "\(run.stderr)")

        let bad = try await CLI.run(
            ["serve", "--database", "sqlite:\(folder.path)/b.db", "--seed", "people.yaml", "--seed", "bad.yaml"],
            in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.yaml:4:6: error: unknown field `usrname` in seed user"), "\(bad.stderr)")
    }

    @Test func aBadSeedFileIsReportedWithItsLocation() async throws {
        let folder = try Self.scratchFolder("atrium-seed")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "apiVersion: atrium/v1\nkind: Seed\nusers:\n  - {usrname: bob}\n".write(
            to: folder.appendingPathComponent("seed.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(
            ["serve", "--database", "sqlite:\(folder.path)/a.db", "--seed", "seed.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "seed.yaml:4:6: error: unknown field `usrname` in seed user (did you mean `username`?)"))
    }
}

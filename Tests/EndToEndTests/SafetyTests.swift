import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// Reconcile is safe by default: what git closes is closed, mass removals are refused, applies
/// are confirmed, saved plans cannot be edited, secrets stay secret.
@Suite struct SafetyTests {
    @Test func removingLinkEveryoneClosesTheLink() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}, link: everyone}"),
            ])
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "everyone")

            // The pull request deletes the `link: everyone` line.
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let dry = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(dry.status == 2, "an open link git closed is a change: \(dry.stdout)")
            #expect(dry.stdout.contains("~ link sharing everyone → owner"), "\(dry.stdout)")
            let show = try await Binary.atrium(
                ["show", "alice/existing", "--server", h.server.baseURL], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
            #expect(show.stdout.contains("link sharing: git owner, server everyone"), "\(show.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "owner")
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }

    /// Runs `atrium ARGS` on a pseudo-terminal and answers its `[y/N]` question with `answer`.
    static let onTerminal = #"""
        import os, pty, select, sys, time
        answer, command = sys.argv[1], sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(command[0], command)
        output, answered, deadline = b"", False, time.time() + 90
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            output += data
            if not answered and b"[y/N]" in output:
                os.write(fd, answer.encode() + b"\n")
                answered = True
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(output.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """#

    func reconcileOnTerminal(_ h: Harness, answering answer: String) async throws -> ProcessResult {
        let arguments = [
            "-c", Self.onTerminal, answer, Binary.executable.path, "reconcile", "--server", h.server.baseURL,
        ]
        return try await ChildProcess.run(
            Command("python3", arguments, in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]))
    }

    @Test func onATerminalTheApplyIsConfirmedFirst() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let declined = try await reconcileOnTerminal(h, answering: "n")
            #expect(declined.status == 1, "\(declined.stdout)")
            #expect(
                declined.stdout.contains("+ share with user:bob as use"), "the plan is shown first: \(declined.stdout)")
            #expect(declined.stdout.contains("Apply 1 change to \(h.server.baseURL)? [y/N]"))
            #expect(declined.stdout.contains("Apply cancelled; nothing was changed."))
            #expect(try await h.sharing("alice", "existing").isEmpty)

            let accepted = try await reconcileOnTerminal(h, answering: "y")
            #expect(accepted.status == 0, "\(accepted.stdout)")
            #expect(accepted.stdout.contains("Applied 1 change"))
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])
        }
    }

    @Test func withoutATerminalApplyingNeedsAutoApprove() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let refused = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL], in: h.repo, environment: ["ATRIUM_TOKEN": h.token])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("refusing to apply 1 change to \(h.server.baseURL) without confirmation"),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("--auto-approve"))
            #expect(h.faults.writeCount == 0, "nothing was written")
            #expect(try await h.sharing("alice", "existing").isEmpty)
            // A dry run needs no approval; a saved plan was the approval.
            #expect(
                try await Binary.atrium(
                    ["reconcile", "--server", h.server.baseURL, "--dry-run", "--out", "plan.json"], in: h.repo,
                    environment: ["ATRIUM_TOKEN": h.token]
                ).status == 0)
            #expect(
                try await Binary.atrium(
                    ["reconcile", "--server", h.server.baseURL, "--plan", "plan.json"], in: h.repo,
                    environment: ["ATRIUM_TOKEN": h.token]
                ).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])
        }
    }

    @Test func exitCodesAreTerraformsWithDetailedExitcode() async throws {
        try await withHarness { h in
            try await h.commit(["atrium.yaml": Docs.config(), "ws.yaml": Docs.workspace("alice", "existing")])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "no changes")
            let unreadable = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--rev", "no-such-branch"])
            #expect(unreadable.status == 1, "an unreadable revision is an error, not drift: \(unreadable.stderr)")
            #expect(try await h.reconcile(["--dry-run", "--rev", "no-such-branch"]).status == 1)
            let invalid = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--path", "nowhere"])
            #expect(invalid.status == 1, "\(invalid.stderr)")

            // A grant made by hand, kept by prune.grants: false, is still drift.
            try await h.commit(["atrium.yaml": Docs.config("prune: {grants: false}")])
            try await h.shareOnServer("alice", "existing", users: ["carol": "use"])
            let drift = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2, "\(drift.stdout)")
            #expect(drift.stdout.contains("! alice/existing: user:carol has use, not declared in git"))
            #expect(try await h.reconcile(["--dry-run"]).status == 0, "without --detailed-exitcode, 0")
        }
    }

    @Test func aMassRemovalIsRefusedWithNothingWrittenThenAllowedByTheOverride() async throws {
        try await withHarness { h in
            let everyone =
                "  sharing:\n    users: {carol: use, dave: use, erin: admin}\n    groups: {qa: use, oncall: "
                + "use}\n    link: everyone"
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "a.yaml": Docs.workspace("alice", "existing", spec: everyone),
                "b.yaml": Docs.workspace("bob", "legacy", spec: everyone),
            ])
            #expect(try await h.reconcile([]).status == 0)
            // A commit deletes every sharing block: 12 removals of 12 grants and links.
            try await h.commit(
                ["a.yaml": Docs.workspace("alice", "existing"), "b.yaml": Docs.workspace("bob", "legacy")],
                message: "oops")
            let writes = h.faults.writeCount
            let refused = try await h.reconcile([])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains(
                    "refusing this plan: it removes more access than allowed, 12 removals of 12 grants; the "
                        + "limit is 10 (25%, at least 10); nothing was written"
                ), "\(refused.stderr)")
            #expect(refused.stderr.contains("--max-removals 100%"))
            #expect(h.faults.writeCount == writes, "nothing was written")
            #expect(try await h.sharing("alice", "existing").count == 5)
            let dry = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--format", "json"])
            #expect(dry.status == 1, "a dry run says it would be refused")
            #expect(
                dry.stdout.contains("\"exceeded\"") == false && dry.stdout.contains("\"allowed\" : 10"),
                "\(dry.stdout.prefix(300))")

            // The pull request showed it before the merge.
            let diff = try await Binary.atrium(
                ["diff", "--base", "HEAD~1"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(
                diff.stdout.contains(
                    "Removals: 12 removals of 12 grants; the limit is 10 (25%, at least 10): reconcile will "
                        + "refuse this unless allowed"
                ), "\(diff.stdout)")

            let allowed = try await h.reconcile(["--max-removals", "100%"])
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(try await h.sharing("alice", "existing").isEmpty)
            #expect(try await h.workspace("bob", "legacy")?.admission == "owner")
        }
    }

    @Test func theLimitComesFromConfigAndAFlagOverridesIt() async throws {
        try await withHarness { h in
            try await h.shareOnServer("alice", "existing", users: ["bob": "use", "carol": "use"])
            try await h.commit([
                "atrium.yaml": Docs.config("prune: {maxRemovals: 1}"), "a.yaml": Docs.workspace("alice", "existing"),
            ])
            let refused = try await h.reconcile([])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("2 removals of 2 grants; the limit is 1 (1)"), "\(refused.stderr)")
            #expect(try await h.reconcile(["--max-removals", "2"]).status == 0)
            #expect(try await h.sharing("alice", "existing").isEmpty)
            let bad = try await h.reconcile(["--max-removals", "lots"])
            #expect(bad.status == 64 || bad.status == 1, "\(bad.stderr)")
            #expect(bad.stderr.contains("--max-removals takes a count (10) or a percentage (25%)"))
        }
    }

    @Test func anEditedSavedPlanOrOneForAnotherServerIsRefused() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let planPath = h.repo.appendingPathComponent("plan.json")
            #expect(try await h.reconcile(["--dry-run", "--out", planPath.path]).status == 0)
            let saved = try String(contentsOf: planPath, encoding: .utf8)
            #expect(saved.contains("\"digest\" : \""))

            // Someone raises bob to admin in the file, which git never declared.
            try saved.replacingOccurrences(of: "\"role\" : \"use\"", with: "\"role\" : \"admin\"").write(
                to: planPath, atomically: true, encoding: .utf8)
            let edited = try await h.reconcile(["--plan", planPath.path])
            #expect(edited.status == 1)
            #expect(
                edited.stderr.contains("was edited after it was made (its actions do not match its digest)"),
                "\(edited.stderr)")
            #expect(try await h.sharing("alice", "existing").isEmpty, "nothing applied")

            // Editing the digest too does not help: planning now does not give those actions.
            let forged = try await Binary.atrium(
                ["reconcile", "--server", h.server.baseURL, "--dry-run", "--format", "json"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token])
            var object = try #require(
                try JSONSerialization.jsonObject(with: Data(forged.stdout.utf8)) as? [String: Any])
            var actions = try #require(object["actions"] as? [[String: Any]])
            actions[0]["role"] = "admin"
            object["actions"] = actions
            object["digest"] = nil
            let reencoded = try JSONSerialization.data(withJSONObject: object)
            try reencoded.write(to: planPath)
            let unsigned = try await h.reconcile(["--plan", planPath.path])
            #expect(unsigned.status == 1, "a plan without its digest is refused too")

            // The same plan against another server.
            try saved.write(to: planPath, atomically: true, encoding: .utf8)
            let other = try await h.reconcile([
                "--plan", planPath.path, "--server", "http://localhost:\(h.server.port)",
            ])
            #expect(other.status == 1)
            #expect(
                other.stderr.contains("was made for \(h.server.baseURL), not http://localhost:\(h.server.port)"),
                "\(other.stderr)")
            #expect(try await h.reconcile(["--plan", planPath.path]).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])
        }
    }

    @Test func credentialsInTheServerURLAreNeverPrinted() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let url = "http://deploy:s3cret-pass@127.0.0.1:\(h.server.port)"
            let plan = try await Binary.atrium(
                ["reconcile", "--server", url, "--dry-run"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("against http://deploy:***@127.0.0.1:\(h.server.port)"), "\(plan.stdout)")
            let viaEnvironment = try await Binary.atrium(
                ["reconcile", "--dry-run", "--format", "json"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token, "ATRIUM_URL": url])
            for output in [plan.stdout, plan.stderr, viaEnvironment.stdout, viaEnvironment.stderr] {
                #expect(!output.contains("s3cret-pass"))
            }
        }
    }

    /// Port A answers every request with a redirect to port B; B records the headers it got.
    static let redirector = #"""
        import http.server, json, sys, threading
        seen = []
        class B(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(dict(self.headers))
                self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers()
                self.wfile.write(b"{}")
            def log_message(self, *args): pass
        b = http.server.ThreadingHTTPServer(("127.0.0.1", 0), B)
        class A(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(307); self.send_header("Location", "http://127.0.0.1:%d%s" % (b.server_port, self.path)); self.end_headers()
            def log_message(self, *args): pass
        a = http.server.ThreadingHTTPServer(("127.0.0.1", 0), A)
        threading.Thread(target=b.serve_forever, daemon=True).start()
        threading.Thread(target=a.serve_forever, daemon=True).start()
        print("ports %d %d" % (a.server_port, b.server_port), flush=True)
        import time; time.sleep(float(sys.argv[1]))
        print(json.dumps(seen), flush=True)
        """#

    /// Starts `script`, a loopback server that prints its ports (`port(s) A [B]`) on its first
    /// line and stays up for `seconds`, and runs `reconcile --dry-run` against its first port;
    /// with `stopping`, the server is stopped once the reconcile has ended.
    static func dryRun(against script: String, for seconds: Int, stopping: Bool, _ h: Harness) async throws -> (
        server: ProcessResult, result: Binary.Result
    ) {
        let command = Command("python3", ["-c", script, "\(seconds)"], in: h.repo)
        let (server, result) = try await ChildProcess.run(command) { server in
            try await server.wait(for: "the ports") { server.stdout.contains("\n") }
            let port = server.stdout.split(separator: " ").dropFirst().compactMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }.first
            let answer = try await Binary.atrium(
                ["reconcile", "--dry-run", "--server", "http://127.0.0.1:\(port ?? 0)"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
            if stopping { server.send(SIGTERM) }
            return answer
        }
        return (server, result)
    }

    @Test func aRedirectToAnotherPortNeverReceivesTheToken() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing")])
            let (server, result) = try await Self.dryRun(against: Self.redirector, for: 6, stopping: false, h)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("another origin; the session token is never sent to another origin"),
                "\(result.stderr)")
            let seen = server.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(seen == "[]", "port B got no request at all: \(seen)")
            #expect(!server.stdout.contains(h.token))
        }
    }

    /// Answers every GET with a 5 MiB JSON string: more than any single object Coder returns.
    static let oversizedAnswers = #"""
        import http.server, sys, threading
        body = b'"' + b"x" * (5 << 20) + b'"'
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                self.send_response(200); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body))); self.end_headers()
                try: self.wfile.write(body)
                except OSError: pass
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("port %d" % server.server_port, flush=True)
        import time; time.sleep(float(sys.argv[1]))
        """#

    /// An answer larger than its request can plausibly return (4 MiB for one object; listings may
    /// run to 64 MiB) is refused as it arrives, named, instead of being read whole.
    @Test func anOversizedAnswerIsRefusedAndNamed() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing")])
            let (_, result) = try await Self.dryRun(against: Self.oversizedAnswers, for: 20, stopping: true, h)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("the answer is larger than 4 MiB, more than this request can plausibly return"),
                "\(result.stderr)")
        }
    }

    @Test func theShareURLOfALinkSharedWorkspaceIsShownEverywhere() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {link: everyone}"),
            ])
            let url = "http://atrium.test/@alice/existing"
            let apply = try await h.reconcile([])
            #expect(apply.stdout.contains("share URL alice/existing: \(url)"), "\(apply.stdout)")
            let plan = try await h.reconcile(["--dry-run"])
            #expect(
                plan.stdout.contains(
                    "Shared by link (anyone with an account can open these):\n  alice/existing: \(url)"),
                "\(plan.stdout)")
            let json = try await h.reconcile(["--dry-run", "--format", "json"])
            #expect(json.stdout.contains("\"url\" : \"\(url)\""))
            let environment = ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]
            let show = try await Binary.atrium(
                ["show", "alice/existing", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(show.stdout.contains("share URL: \(url)"), "\(show.stdout)")
            let list = try await Binary.atrium(
                ["list", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(
                list.stdout.contains("SHARE URL") && list.stdout.contains("link:everyone  \(url)"), "\(list.stdout)")
            let access = try await Binary.atrium(
                ["access", "--live", "--server", h.server.baseURL], in: h.repo, environment: environment)
            #expect(access.stdout.contains("at \(url)"), "\(access.stdout)")
        }
    }

    @Test func aDeadServerIsReportedAsSuch() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing")])
            // A port nothing listens on: bind one, note it, close it.
            let dead = try await ChildProcess.tool(
                [
                    "python3", "-c",
                    "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
                ], in: h.repo)
            let result = try await Binary.atrium(
                [
                    "reconcile", "--dry-run", "--server",
                    "http://127.0.0.1:\(dead.trimmingCharacters(in: .whitespacesAndNewlines))",
                ], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token])
            #expect(result.status == 1)
            #expect(result.stderr.contains("cannot connect: connection refused"), "\(result.stderr)")
            #expect(!result.stderr.contains("))"), "no doubled parentheses")
        }
    }

    /// The README's own FactoryTemplate (no baseURL) renders, linking to the Config's server.
    @Test func aCoderTemplateWithoutBaseURLLinksToTheConfiguredServer() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml":
                    "apiVersion: atrium/v1\nkind: Config\nserver: {url: 'https://coder.example.com', "
                    + "organization: default}\n",
                "factory.yaml": """
                apiVersion: atrium/v1
                kind: FactoryTemplate
                metadata: {name: onboarding-backend}
                spec: {dialect: coder, template: python-dev, workspaceName: "{{user}}-backend",
                       parameters: {region: "{{region}}"}, inputs: {user: {required: true}, region: {default: eu-west}}}

                """,
            ])
            #expect(try await Binary.atrium(["validate"], in: h.repo).status == 0)
            let link = try await Binary.atrium(["factory", "onboarding-backend", "--set", "user=ana"], in: h.repo)
            #expect(link.status == 0, "\(link.stderr)")
            #expect(
                link.stdout
                    == "https://coder.example.com/templates/default/python-dev/workspace?mode=form&name=ana-bac"
                    + "kend&param.region=eu-west\n"
            )
        }
    }

    /// `--server` on the command line wins over a template's `baseURL`, as a flag wins over the
    /// file everywhere else; `--format` applies to one template's links too.
    @Test func theServerFlagWinsOverBaseURLAndOneLinkTakesAFormat() async throws {
        try await withHarness { h in
            try await h.commit([
                "factory.yaml": """
                apiVersion: atrium/v1
                kind: FactoryTemplate
                metadata: {name: backend}
                spec: {dialect: coder, baseURL: "https://old.example.com", template: python-dev, workspaceName: "{{user}}-api",
                       inputs: {user: {required: true}}}

                """
            ])
            let file = try await Binary.atrium(["factory", "backend", "--set", "user=ana"], in: h.repo)
            #expect(file.stdout.hasPrefix("https://old.example.com/templates/default/python-dev/"), "\(file.stdout)")
            let flag = try await Binary.atrium(
                ["factory", "backend", "--set", "user=ana", "--server", "https://coder.example.com"], in: h.repo)
            #expect(flag.status == 0, "\(flag.stderr)")
            #expect(flag.stdout.hasPrefix("https://coder.example.com/templates/default/python-dev/"), "\(flag.stdout)")
            let json = try await Binary.atrium(
                ["factory", "backend", "--set", "user=ana", "--format", "json"], in: h.repo)
            let people = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            let links = people?.first?["links"] as? [[String: Any]]
            #expect(links?.first?["template"] as? String == "backend", "\(json.stdout)")
            #expect((links?.first?["link"] as? String)?.contains("name=ana-api") == true, "\(json.stdout)")
        }
    }

    @Test func messagesSayWhatHappenedInPlainWords() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {link: everyone}"),
            ])
            let plan = try await h.reconcile(["--dry-run"])
            #expect(plan.stdout.contains("1 link change, 0 snapshots to take"), "\(plan.stdout)")
            let negative = try await h.reconcile(["--dry-run", "--parallelism", "-3"])
            #expect(negative.status != 0)
            #expect(
                negative.stderr.contains("The value '-3' is invalid for '--parallelism <auto|N>'"), "\(negative.stderr)"
            )

            let environment = ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]
            let markdown = try await Binary.atrium(
                ["show", "alice/existing", "--server", h.server.baseURL, "--format", "markdown"], in: h.repo,
                environment: environment)
            #expect(markdown.status == 64, "show does not claim a format it does not have: \(markdown.stdout)")
            let nosuch = try await Binary.atrium(
                ["list", "--server", h.server.baseURL, "--shared-with", "group:nosuch"], in: h.repo,
                environment: environment)
            #expect(nosuch.status == 1)
            #expect(nosuch.stderr.contains("no group `nosuch` on \(h.server.baseURL)"), "\(nosuch.stderr)")
            #expect(
                try await Binary.atrium(
                    ["list", "--server", h.server.baseURL, "--shared-with", "group:qa"], in: h.repo,
                    environment: environment
                ).status == 0)

            // --worktree plans name the working tree, not HEAD as if it had been read.
            try Docs.workspace("alice", "existing").write(
                to: h.repo.appendingPathComponent("ws.yaml"), atomically: true, encoding: .utf8)
            let worktree = try await h.reconcile(["--dry-run", "--worktree"])
            #expect(worktree.stdout.hasPrefix("Atrium plan for the working tree (HEAD "), "\(worktree.stdout)")
        }
    }
}

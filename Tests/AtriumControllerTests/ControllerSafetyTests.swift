import AtriumController
import AtriumTestSupport
import Foundation
import Synchronization
import Testing

/// The controller keeps reconcile's guards, reports what they refused, and stops cleanly.
@Suite struct ControllerSafetyTests {
    static let twelve = Dictionary(uniqueKeysWithValues: (1...12).map { ("user\($0)", "use") })

    /// A commit that removes every grant is refused, stays refused while git says so, and shows
    /// in /status, /readyz and /metrics (which parses as Prometheus text with prometheus_client);
    /// meanwhile the last good commit stays enforced: a grant made by hand on a workspace the
    /// refused commit does not touch is still removed.
    @Test func massRemovalIsRefusedAndReported() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let granted = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: Self.twelve),
            "other.yaml": ControllerFixture.workspace("bob", "other"),
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let result = try await fixture.withController(server: server) { controller in
                try await controller.waitForStatus("the grants applied") {
                    $0.commit == granted && $0.result == .success
                }
                let removal = try await fixture.push(
                    ["ws.yaml": ControllerFixture.workspace("alice", "existing")], message: "remove everyone")
                try await server.patchACL("bob", "other", users: ["carol": "admin"])
                let refused = try await controller.waitForStatus("the refusal, with the drift corrected") {
                    $0.headCommit == removal && $0.result == .headRefused && $0.changesApplied == 1
                }
                #expect(refused.commit == granted, "the last good commit is enforced")
                #expect(refused.headProblem == "refused" && refused.health == .degraded)
                #expect(
                    refused.headError?.contains("refusing this plan: it removes more access than allowed, ") == true,
                    "\(refused.headError ?? "")")
                #expect(refused.headError?.contains("; the limit is 10") == true, "\(refused.headError ?? "")")
                #expect(refused.headError?.contains("--max-removals") == true)
                #expect(try await server.acl("bob", "other") == [:], "the hand-made grant was removed")
                let again = try await controller.waitForStatus("another cycle") { $0.cycles > refused.cycles }
                #expect(again.result == .headRefused, "a refusal stays until git changes")
                #expect(try await server.acl("alice", "existing") == Self.twelve, "nothing was removed")
                let ready = try await controller.request("GET", "/readyz")
                #expect(ready.status == 503 && ready.text.contains("degraded"), "\(ready.text)")

                let families = try await Self.parsePrometheus(try await controller.metrics(), in: fixture.folder)
                #expect(families["atrium_reconciles_total{result=head-refused}"].map { $0 >= 2 } == true, "\(families)")
                #expect(families["atrium_reconciles_total{result=success}"].map { $0 >= 1 } == true)
                #expect(families["atrium_head_degraded{reason=refused}"] == 1)
                #expect(families["atrium_head_degraded{reason=invalid}"] == 0)
                #expect(families["atrium_last_success_timestamp_seconds"].map { $0 > 1_700_000_000 } == true)
                #expect(families["atrium_reconcile_duration_seconds_count"].map { $0 >= 3 } == true)
                #expect(families["atrium_http_requests_total{code=200}"].map { $0 > 0 } == true)
                #expect(families["atrium_reconcile_duration_seconds_bucket{le=+Inf}"] != nil, "a histogram")

                let restored = try await fixture.push([
                    "ws.yaml": ControllerFixture.workspace("alice", "existing", users: Self.twelve)
                ])
                let healthy = try await controller.waitForStatus("success again") {
                    $0.commit == restored && $0.result == .success
                }
                #expect(healthy.headError == nil && healthy.health == .ok)
                #expect(try await controller.request("GET", "/readyz").status == 200)
            }
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("result=head-refused"), "one log line per cycle names the result")
        }
    }

    /// SIGTERM while a cycle only reads (the server never answers): the read is cancelled at once,
    /// not waited for until its --timeout.
    @Test func sigtermCancelsAReadAtOnce() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push([
            "atrium.yaml": ControllerFixture.config(), "ws.yaml": ControllerFixture.workspace("alice", "existing"),
        ])
        let script = ServedServer.packageRoot.appendingPathComponent("scripts/fault-server.py").path
        let signalled = Mutex<ContinuousClock.Instant?>(nil)
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await ChildProcess.run(
                Command("python3", [script, "hang", "--lifetime", "120"], in: fixture.folder, deadline: .seconds(130))
            ) { hang in
                try await hang.wait(for: "the hanging server") { hang.stdout.contains("listening on") }
                let port = hang.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines)
                let result = try await fixture.withController(
                    server: server, arguments: ["--server", "http://127.0.0.1:\(port ?? "")", "--timeout", "60s"]
                ) { controller in
                    try await controller.child.wait(for: "a read under way") { hang.stderr.contains("request ") }
                    signalled.withLock { $0 = .now }
                }
                let elapsed = signalled.withLock { $0.map { ContinuousClock.now - $0 } } ?? .zero
                #expect(result.status == 0, "\(result.stderr)")
                #expect(elapsed < .seconds(10), "stopped \(elapsed) after SIGTERM, not at the read's 60 s timeout")
                hang.send(SIGTERM)
            }
        }
    }

    /// SIGTERM during an apply: the write units in flight finish, the controller exits 0 and
    /// says it stopped; the next start converges.
    @Test func sigtermDuringAnApplyExitsCleanlyAndTheNextStartConverges() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        var files: [String: String?] = ["atrium.yaml": ControllerFixture.config()]
        for index in 0..<400 {
            files["ws\(index).yaml"] = ControllerFixture.workspace("alice", "ws\(index)", users: ["bob": "use"])
        }
        try await fixture.push(files)
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let creates = { @Sendable in
                server.process.stderr.split(separator: "\n").count {
                    $0.contains("POST /api/v2/") && $0.contains("/workspaces ")
                }
            }
            let stopped = try await fixture.withController(
                server: server, interval: "1h", arguments: ["--parallelism", "1"]
            ) { controller in
                try await controller.child.wait(for: "the apply under way") { creates() >= 3 }
                controller.child.send(SIGTERM)
                try await controller.child.wait(for: "the exit") { controller.child.hasEnded }
            }
            #expect(stopped.status == 0, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("stopped by shutdown after"), "\(stopped.stderr)")
            let made = creates()
            #expect(made < 400, "the apply was interrupted: \(made)")

            let again = try await fixture.withController(server: server, interval: "1h") { controller in
                try await controller.waitForStatus("convergence") { $0.result == .success && $0.cycles == 1 }
            }
            #expect(again.status == 0)
            let listed = try await server.request("GET", "/workspaces?q=owner:alice&limit=0").object["count"] as? Int
            #expect(listed == 401, "400 declared and the seeded one")
            #expect(creates() == 400, "each workspace created once")
            #expect(try await server.acl("alice", "ws399") == ["bob": "use"])
        }
    }

    /// name{label=value} → value, for every sample prometheus_client parses.
    static func parsePrometheus(_ text: String, in folder: URL) async throws -> [String: Double] {
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                    print(f"{sample.name}{{{labels}}}" if labels else sample.name, sample.value)
            """
        let input = try fixture(folder, "metrics.txt", text)
        let result = try await ChildProcess.run(
            Command(
                "python3", ["-c", "import sys; sys.stdin = open(sys.argv[1]); exec(sys.argv[2])", input, script],
                in: folder))
        guard result.status == 0 else {
            throw ToolFailure(description: "prometheus_client cannot parse /metrics: \(result.stderr)\n\(text)")
        }
        var values: [String: Double] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    private static func fixture(_ folder: URL, _ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

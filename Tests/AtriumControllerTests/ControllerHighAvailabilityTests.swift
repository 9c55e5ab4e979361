import AtriumController
import AtriumTestSupport
import Foundation
import Testing

/// Two replicas with --lock on the real PostgreSQL that scripts/with-postgres.sh starts: one
/// leads and applies, the other stands by naming it; when the leader is SIGKILLed, its session
/// ends, the lock is released, and the survivor takes over.
@Suite struct ControllerHighAvailabilityTests {
    static let postgres = ProcessInfo.processInfo.environment["ATRIUM_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    @Test(.enabled(if: postgres != nil, "needs ATRIUM_TEST_POSTGRES_URL (make test starts PostgreSQL)"))
    func oneLeaderAppliesAndTheSurvivorTakesOver() async throws {
        let lock = try #require(Self.postgres)
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use", "carol": "use"]),
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await fixture.withController(
                server: server, arguments: ["--lock", lock, "--identity", "replica-a"]
            ) { a in
                _ = try await fixture.withController(
                    server: server, arguments: ["--lock", lock, "--identity", "replica-b"]
                ) { b in
                    let (leader, survivor) = try await Self.roles(a, b)
                    let leading = try await leader.waitForStatus("the leader's apply") {
                        $0.commit == first && $0.result == .success
                    }
                    let standing = try await survivor.status()
                    #expect(
                        standing.role == .standby && standing.leader == leading.identity && standing.cycles == 0,
                        "\(standing)")
                    #expect(try await survivor.request("GET", "/healthz").status == 200)
                    #expect(try await survivor.metrics().contains("atrium_reconciles_total{result=\"success\"} 0"))

                    // Drift three times: each time exactly one PATCH corrects it, so never two replicas in one cycle.
                    for round in 1...3 {
                        let before = server.logged("PATCH", "/api/v2/workspaces/")
                        try await server.patchACL("alice", "existing", users: ["bob": ""])
                        try await leader.child.wait(for: "drift \(round) corrected") {
                            try await server.acl("alice", "existing") == ["bob": "use", "carol": "use"]
                        }
                        let cycles = try await leader.status().cycles
                        try await leader.waitForStatus("one more cycle") { $0.cycles > cycles + 1 }
                        #expect(
                            server.logged("PATCH", "/api/v2/workspaces/") - before == 2,
                            "my PATCH and one correction, round \(round)")
                    }
                    #expect(try await survivor.status().cycles == 0, "the standby never reconciled")

                    leader.child.send(SIGKILL)
                    let second = try await fixture.push([
                        "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["carol": "admin"])
                    ])
                    let took = try await survivor.waitForStatus("the takeover") {
                        $0.role == .leader && $0.commit == second && $0.result == .success
                    }
                    #expect(took.leader == standing.identity)
                    #expect(try await server.acl("alice", "existing") == ["carol": "admin"])
                    #expect(try await survivor.metrics().contains("atrium_leader 1.0"))
                }
            }
        }
    }

    /// With an hour's interval: a signed webhook that reaches the standby is passed to the leader
    /// (PostgreSQL NOTIFY), which applies at once; after the leader's SIGKILL the standby, which
    /// asks for the lock every 5 s, takes over and reconciles at once.
    @Test(.enabled(if: postgres != nil, "needs ATRIUM_TEST_POSTGRES_URL (make test starts PostgreSQL)"))
    func aStandbyPassesWebhooksToTheLeader() async throws {
        let lock = try #require(Self.postgres)
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        let secretFile = try fixture.write("hook-secret", "s3cret")
        let arguments = ["--lock", lock, "--webhook-secret-file", secretFile]
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await fixture.withController(
                server: server, interval: "1h", arguments: arguments + ["--identity", "replica-a"]
            ) { a in
                _ = try await fixture.withController(
                    server: server, interval: "1h", arguments: arguments + ["--identity", "replica-b"]
                ) { b in
                    let (leader, standby) = try await Self.roles(a, b)
                    try await leader.waitForStatus("the leader's first apply") {
                        $0.commit == first && $0.result == .success
                    }
                    let second = try await fixture.push([
                        "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["carol": "use"])
                    ])
                    let body = Data(#"{"ref":"refs/heads/main"}"#.utf8)
                    let reply = try await standby.request(
                        "POST", "/hooks/github",
                        headers: [
                            "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + Hex.hmac(body, key: "s3cret"),
                        ], body: body)
                    #expect(reply.status == 202 && reply.text.contains("passed to"), "\(reply.text)")
                    try await leader.waitForStatus("the forwarded hook's cycle", within: .seconds(30)) {
                        $0.commit == second && $0.result == .success
                    }
                    #expect(try await server.acl("alice", "existing") == ["carol": "use"])
                    #expect(try await standby.status().cycles == 0)

                    // Pushed before the kill, with no hook: only the new leader's first cycle applies it.
                    let third = try await fixture.push([
                        "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "admin"])
                    ])
                    leader.child.send(SIGKILL)
                    try await standby.waitForStatus("the takeover", within: .seconds(30)) {
                        $0.role == .leader && $0.commit == third && $0.result == .success
                    }
                    #expect(try await server.acl("alice", "existing") == ["bob": "admin"])
                }
            }
        }
    }

    /// Waits until one replica leads and the other stands by; answers (leader, standby).
    static func roles(_ a: RunningController, _ b: RunningController) async throws -> (
        RunningController, RunningController
    ) {
        try await a.child.wait(for: "a leader and a standby") {
            let roles = Set([try await a.status().role, try await b.status().role])
            return roles == [.leader, .standby]
        }
        return try await a.status().role == .leader ? (a, b) : (b, a)
    }
}

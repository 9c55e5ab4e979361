import AtriumController
import AtriumTestSupport
import Foundation
import Testing

/// `atrium controller` as a user runs it: a real bare repository as the remote, a real
/// `atrium serve`, and the controller's own HTTP endpoints.
@Suite struct ControllerEndToEndTests {
    /// A pushed commit is applied by the first or second cycle after the push (the one in
    /// flight may have fetched before it), and drift made through the API is corrected the same way.
    @Test func pushedCommitsAreAppliedAndDriftIsCorrected() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let result = try await fixture.withController(server: server) { controller in
                try await controller.waitForStatus("the first commit applied") {
                    $0.commit == first && $0.result == .success
                }
                #expect(try await server.acl("alice", "existing") == ["bob": "use"])
                #expect(try await controller.request("GET", "/readyz").status == 200)
                #expect(try await controller.request("GET", "/healthz").status == 200)

                let second = try await fixture.push([
                    "ws.yaml": ControllerFixture.workspace(
                        "alice", "existing", users: ["bob": "use", "carol": "admin"])
                ])
                // Counted once the push has landed: the cycle under way may have fetched before it,
                // the next one cannot.
                let before = try await controller.status().cycles
                let applied = try await controller.waitForStatus("the pushed commit applied") {
                    $0.commit == second && $0.result == .success
                }
                #expect(
                    applied.cycles - before <= 2,
                    "applied within one interval: \(applied.cycles - before) cycles after the push")
                #expect(try await server.acl("alice", "existing") == ["bob": "use", "carol": "admin"])

                // Drift by hand: bob's grant removed, a stranger added.
                try await server.patchACL("alice", "existing", users: ["bob": "", "user1": "admin"])
                let drifted = try await controller.status().cycles
                try await controller.child.wait(for: "the drift corrected") {
                    try await server.acl("alice", "existing") == ["bob": "use", "carol": "admin"]
                }
                let corrected = try await controller.waitForStatus("a cycle after the correction") {
                    $0.cycles > drifted
                }
                #expect(corrected.cycles - drifted <= 2, "corrected within one interval")
                #expect(
                    controller.child.stderr.contains("applied=2"),
                    "one cycle line says what it applied: \(controller.child.stderr)")
                let status = try await controller.status()
                #expect(
                    status.role == .leader && status.leader == status.identity && status.nextRun != nil
                        && status.lastSuccessAt != nil)
            }
            #expect(result.status == 0, "SIGTERM ends the controller with 0: \(result.stderr)")
        }
    }

    /// The controller governs the identity side too: a declared group is created with its
    /// members, and a member added by hand is removed by a later cycle.
    @Test func groupsAreReconciledContinuously() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "groups.yaml": "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [bob]}\n",
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let members: @Sendable () async throws -> [String] = {
                let reply = try await server.request("GET", "/organizations/default/groups/qa")
                return ((reply.object["members"] as? [[String: Any]]) ?? []).compactMap { $0["username"] as? String }
                    .sorted()
            }
            let result = try await fixture.withController(server: server) { controller in
                try await controller.waitForStatus("the group applied") { $0.commit == first && $0.result == .success }
                #expect(try await members() == ["bob"])
                let qa = try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String
                let carol = try await server.user("carol")
                let added = try await server.request(
                    "PATCH", "/groups/\(qa ?? "")", body: ["add_users": [carol.id]])
                #expect(added.status == 200)
                try await controller.child.wait(for: "the hand-made member removed") { try await members() == ["bob"] }
            }
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    /// The same through `git daemon` on loopback (git://).
    @Test func followsAGitDaemonRemote() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let commit = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["carol": "use"]),
        ])
        let port = try freePort()
        var daemon = Command(
            "git",
            [
                "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", "--port=\(port)",
                "--base-path=\(fixture.folder.path)", fixture.folder.path,
            ],
            in: fixture.folder)
        daemon.deadline = .seconds(200)
        _ = try await ChildProcess.run(daemon) { git in
            try await git.wait(for: "git daemon listening") {
                (try? await ChildProcess.tool(
                    ["git", "ls-remote", "git://127.0.0.1:\(port)/remote.git"], in: fixture.folder)) != nil
            }
            try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
                let result = try await fixture.withController(server: server, url: "git://127.0.0.1:\(port)/remote.git")
                { controller in
                    try await controller.waitForStatus("the commit applied over git://") {
                        $0.commit == commit && $0.result == .success
                    }
                    #expect(try await server.acl("alice", "existing") == ["carol": "use"])
                }
                #expect(result.status == 0, "\(result.stderr)")
            }
            git.send(SIGTERM)
        }
    }

    /// A signed GitHub push starts a cycle at once (the interval is an hour); a badly signed
    /// one is 401 and starts nothing; GitLab's token works the same way.
    @Test func signedWebhooksStartACycleAtOnce() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push([
            "atrium.yaml": ControllerFixture.config(), "ws.yaml": ControllerFixture.workspace("alice", "existing"),
        ])
        let secret = "It's a Secret to Everybody"
        let secretFile = try fixture.write("hook-secret", secret + "\n")
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let result = try await fixture.withController(
                server: server, interval: "1h", arguments: ["--webhook-secret-file", secretFile]
            ) { controller in
                try await controller.waitForStatus("the first cycle") { $0.cycles == 1 }
                let second = try await fixture.push([
                    "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "admin"])
                ])
                let body = Data(#"{"ref":"refs/heads/main","after":"\#(second)"}"#.utf8)

                let unsigned = try await controller.request(
                    "POST", "/hooks/github", headers: ["X-GitHub-Event": "push"], body: body)
                #expect(unsigned.status == 401, "\(unsigned.text)")
                let forged = try await controller.request(
                    "POST", "/hooks/github",
                    headers: [
                        "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + Hex.hmac(body, key: "wrong"),
                    ], body: body)
                #expect(forged.status == 401)
                let ping = try await controller.request(
                    "POST", "/hooks/github",
                    headers: [
                        "X-GitHub-Event": "ping",
                        "X-Hub-Signature-256": "sha256=" + Hex.hmac(Data("{}".utf8), key: secret),
                    ],
                    body: Data("{}".utf8))
                #expect(ping.status == 200)
                let otherBranch = Data(#"{"ref":"refs/heads/feature"}"#.utf8)
                let ignored = try await controller.request(
                    "POST", "/hooks/github",
                    headers: [
                        "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + Hex.hmac(otherBranch, key: secret),
                    ],
                    body: otherBranch)
                #expect(ignored.status == 200 && ignored.text.contains("not refs/heads/main"), "\(ignored.text)")
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await controller.status().cycles == 1, "no rejected or ignored hook started a cycle")

                let signed = try await controller.request(
                    "POST", "/hooks/github",
                    headers: [
                        "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + Hex.hmac(body, key: secret),
                    ], body: body)
                #expect(signed.status == 202, "\(signed.text)")
                try await controller.waitForStatus("the hook's cycle", within: .seconds(30)) {
                    $0.commit == second && $0.result == .success
                }
                #expect(try await server.acl("alice", "existing") == ["bob": "admin"])
                #expect(controller.child.stderr.contains("trigger=github webhook"))

                let third = try await fixture.push([
                    "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["carol": "use"])
                ])
                let gitlabBody = Data(#"{"object_kind":"push","ref":"refs/heads/main"}"#.utf8)
                #expect(
                    try await controller.request(
                        "POST", "/hooks/gitlab", headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "nope"],
                        body: gitlabBody
                    ).status == 401)
                let gitlab = try await controller.request(
                    "POST", "/hooks/gitlab", headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": secret],
                    body: gitlabBody)
                #expect(gitlab.status == 202)
                try await controller.waitForStatus("the GitLab hook's cycle", within: .seconds(30)) {
                    $0.commit == third && $0.result == .success
                }
                #expect(try await server.acl("alice", "existing") == ["carol": "use"])
            }
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains(secret), "the secret is never logged")
        }
    }

    /// Without --webhook-secret-file the hooks do not exist.
    @Test func hooksAreOffWithoutASecret() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push(["atrium.yaml": ControllerFixture.config()])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await fixture.withController(server: server, interval: "1h") { controller in
                let reply = try await controller.request(
                    "POST", "/hooks/github", headers: ["X-GitHub-Event": "push"], body: Data("{}".utf8))
                #expect(reply.status == 404 && reply.text.contains("--webhook-secret-file"), "\(reply.text)")
            }
        }
    }
}

import AtriumController
import AtriumTestSupport
import Foundation
import Testing

/// ssh:// through a throwaway sshd on loopback: a key logs in, and the host key is checked
/// against known_hosts (an unknown or changed host key is refused, naming the fix).
@Suite struct ControllerSSHTests {
    static let sshd = "/usr/sbin/sshd"
    static let available = FileManager.default.isExecutableFile(atPath: sshd) && getuid() == 0

    @Test(.enabled(if: available, "needs openssh-server (make test installs it) and root to start sshd"))
    func fetchesOverSSHCheckingKnownHosts() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let commit = try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        let folder = fixture.folder
        for key in ["hostkey", "client", "stranger"] {
            try await ChildProcess.tool(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder.appendingPathComponent(key).path],
                in: folder)
        }
        let port = try freePort()
        let publicKey = { (name: String) in
            try String(contentsOf: folder.appendingPathComponent("\(name).pub"), encoding: .utf8).split(separator: " ")
                .prefix(2).joined(separator: " ")
        }
        let authorized = try fixture.write("authorized_keys", try publicKey("client") + "\n")
        let knownHosts = try fixture.write("known_hosts", "[127.0.0.1]:\(port) \(try publicKey("hostkey"))\n")
        let wrongHosts = try fixture.write("wrong_known_hosts", "[127.0.0.1]:\(port) \(try publicKey("stranger"))\n")
        let emptyHosts = try fixture.write("empty_known_hosts", "")
        let config = try fixture.write(
            "sshd_config",
            """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder.appendingPathComponent("hostkey").path)
            AuthorizedKeysFile \(authorized)
            PidFile \(folder.appendingPathComponent("sshd.pid").path)
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password

            """)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        var daemon = Command(Self.sshd, ["-D", "-e", "-f", config], in: folder)
        daemon.deadline = .seconds(200)
        let url = "ssh://root@127.0.0.1:\(port)\(fixture.remote.path)"
        let key = folder.appendingPathComponent("client").path
        _ = try await ChildProcess.run(daemon) { sshd in
            _ = try await sshd.waitForStderr("Server listening on 127.0.0.1 port")
            try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
                for (hosts, refusal) in [
                    (wrongHosts, "does not match known_hosts"), (emptyHosts, "is not in known_hosts"),
                ] {
                    _ = try await fixture.withController(
                        server: server, url: url, arguments: ["--ssh-key", key, "--known-hosts", hosts]
                    ) { controller in
                        let status = try await controller.waitForStatus("the refused host") { $0.result == .failure }
                        #expect(status.error?.contains(refusal) == true, "\(status.error ?? "")")
                    }
                }
                #expect(try await server.acl("alice", "existing") == [:])
                let result = try await fixture.withController(
                    server: server, url: url, arguments: ["--ssh-key", key, "--known-hosts", knownHosts]
                ) { controller in
                    try await controller.waitForStatus("the commit applied over ssh://") {
                        $0.commit == commit && $0.result == .success
                    }
                    #expect(try await server.acl("alice", "existing") == ["bob": "use"])
                }
                #expect(result.status == 0, "\(result.stderr)")
            }
            sshd.send(SIGTERM)
        }
    }
}

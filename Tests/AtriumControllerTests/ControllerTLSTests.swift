import AtriumController
import AtriumTestSupport
import Foundation
import Testing

/// https:// behind a certificate the system does not trust (a throwaway self-signed one, served
/// by scripts/tls-front.py in front of `atrium serve` and `git http-backend`): libgit2 refuses
/// the controller's fetch and the HTTP client refuses `reconcile`, each saying why and what to
/// do. That a trusted certificate is accepted is the bare-root test's part
/// (scripts/test-dist-chroot.sh), which owns a trust store it may change.
@Suite struct ControllerTLSTests {
    static let available = ChildProcess.isInstalled("openssl") && ChildProcess.isInstalled("python3")

    @Test(.enabled(if: available, "needs openssl and python3 (make test installs them)"))
    func aCertificateTheSystemDoesNotTrustIsRefusedByGitAndByTheClient() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        let folder = fixture.folder
        try await ChildProcess.tool(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem",
            ], in: folder)
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            var front = Command(
                "python3",
                [
                    ServedServer.packageRoot.appendingPathComponent("scripts/tls-front.py").path, "--cert", "cert.pem",
                    "--key", "key.pem", "--api", server.baseURL, "--git-root", folder.path,
                ], in: folder)
            front.deadline = .seconds(100)
            _ = try await ChildProcess.run(front) { front in
                try await front.wait(for: "the front's URL") { front.stdout.contains("\n") }
                let url = front.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                _ = try await fixture.withController(server: server, url: "\(url)/git/remote.git") { controller in
                    let status = try await controller.waitForStatus("the refused certificate") {
                        $0.result == .failure
                    }
                    #expect(status.error?.contains("the TLS certificate of 127.0.0.1 is not trusted") == true)
                    #expect(status.error?.contains("update-ca-certificates") == true, "\(status.error ?? "")")
                }
                let reconcile = try await ChildProcess.run(
                    Command(
                        ChildProcess.atriumExecutable(packageRoot: ServedServer.packageRoot).path,
                        ["reconcile", "--dry-run", "--server", url], in: fixture.work,
                        environment: ["ATRIUM_TOKEN": server.adminToken, "NO_COLOR": "1"]))
                #expect(reconcile.status == 1, "\(reconcile.stdout)\(reconcile.stderr)")
                #expect(
                    reconcile.stderr.contains("the TLS handshake failed (CERTIFICATE_VERIFY_FAILED)"),
                    "\(reconcile.stderr)")
                #expect(reconcile.stderr.contains("the certificate is never skipped"), "\(reconcile.stderr)")
                #expect(!reconcile.stderr.contains(server.adminToken))
                front.send(SIGTERM)
            }
            #expect(try await server.acl("alice", "existing") == [:], "nothing was applied through the refusals")
        }
    }
}

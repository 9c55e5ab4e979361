import AtriumCore
import AtriumGit
import Foundation
import Testing

@testable import AtriumController

@Suite struct WebhookSignatureTests {
    /// GitHub's documented test vector (docs.github.com, "Validating webhook deliveries").
    @Test func githubVector() {
        let signature = WebhookSignature(secret: "It's a Secret to Everybody")
        let body = Data("Hello, World!".utf8)
        #expect(
            signature.validGitHub(
                signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", body: body))
        #expect(
            !signature.validGitHub(
                signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", body: body))
        #expect(
            !signature.validGitHub(
                signature: "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", body: body))
        #expect(!signature.validGitHub(signature: "sha256=zz", body: body))
        #expect(!signature.validGitHub(signature: nil, body: body))
    }

    @Test func gitlabToken() {
        let signature = WebhookSignature(secret: "hook-secret")
        #expect(signature.validGitLab(token: "hook-secret"))
        #expect(!signature.validGitLab(token: "hook-secreT"))
        #expect(!signature.validGitLab(token: "hook-secret "))
        #expect(!signature.validGitLab(token: ""))
        #expect(!signature.validGitLab(token: nil))
    }

    @Test func intervals() {
        #expect(IntervalText.parse("1m") == .seconds(60))
        #expect(IntervalText.parse("1h30m") == .seconds(5400))
        #expect(IntervalText.parse("500ms") == .milliseconds(500))
        #expect(IntervalText.parse("30") == nil)
        #expect(IntervalText.parse("1d") == .seconds(86_400))
        #expect(IntervalText.parse("2w1d") == .seconds(15 * 86_400))
        #expect(IntervalText.parse("1y") == nil)
        #expect(IntervalText.parse("") == nil)
    }

    @Test func statusEncodesSnakeCaseAndDashedResults() throws {
        var status = ControllerStatus(identity: "a", repository: "file:///r.git", branch: "main", dryRun: true)
        status.result = .dryRun
        let json = String(decoding: try ControllerStatus.encoder.encode(status), as: UTF8.self)
        #expect(
            json.contains(#""result" : "dry-run""#) && json.contains(#""dry_run" : true"#)
                && json.contains("file:///r.git"), "\(json)")
        #expect(try ControllerStatus.decoder.decode(ControllerStatus.self, from: Data(json.utf8)) == status)
    }
}

@Suite struct KnownHostsTests {
    static let key = Data((0..<51).map { UInt8($0) })

    @Test func plainHashedPortedAndRevokedEntries() async throws {
        let encoded = Self.key.base64EncodedString()
        let other = Data(repeating: 7, count: 51).base64EncodedString()
        let text = """
            # comment
            git.example.com,10.0.0.1 ssh-ed25519 \(encoded)
            [git.example.com]:2222 ssh-ed25519 \(other)
            @revoked bad.example.com ssh-ed25519 \(encoded)
            @cert-authority *.example.com ssh-ed25519 \(encoded)
            \(Self.hashed("hidden.example.com")) ssh-ed25519 \(encoded)
            """
        let hosts = KnownHosts(text: text)
        #expect(hosts.check(host: "git.example.com", port: nil, key: Self.key) == .trusted)
        #expect(hosts.check(host: "GIT.example.com", port: 22, key: Self.key) == .trusted)
        #expect(hosts.check(host: "10.0.0.1", port: nil, key: Self.key) == .trusted)
        #expect(hosts.check(host: "git.example.com", port: 2222, key: Self.key) == .mismatch)
        #expect(hosts.check(host: "git.example.com", port: 2222, key: Data(repeating: 7, count: 51)) == .trusted)
        #expect(hosts.check(host: "bad.example.com", port: nil, key: Self.key) == .revoked)
        #expect(
            hosts.check(host: "other.example.com", port: nil, key: Self.key) == .unknownHost,
            "@cert-authority lines are not trusted")
        #expect(hosts.check(host: "hidden.example.com", port: nil, key: Self.key) == .trusted)
        #expect(hosts.check(host: "hidden.example.org", port: nil, key: Self.key) == .unknownHost)
    }

    /// `|1|salt|HMAC-SHA1(salt, host)`, as `ssh-keygen -H` writes.
    static func hashed(_ host: String) -> String {
        let salt = Data((100..<120).map { UInt8($0) })
        return "|1|\(salt.base64EncodedString())|\(Hex.hmacSHA1(Data(host.utf8), key: salt).base64EncodedString())"
    }
}

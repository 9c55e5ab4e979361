import AtriumCore
import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `sharing.ports` end to end: declared shares applied with their URLs, a share made by hand is
/// drift for reconcile and access and is removed on apply, and what git may not open is refused
/// before any write.
@Suite struct PortSharingTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: alice}, {username: bob}]
        templates:
          - {name: go-dev, maxPortShareLevel: public}
          - {name: closed}
        workspaces:
          - {owner: alice, name: api, template: go-dev}
          - {owner: alice, name: web, template: go-dev}
          - {owner: alice, name: shut, template: closed}
        """

    /// A git repository in a temporary folder.
    struct Repository {
        let url: URL

        init() async throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-ports-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try await Binary.tool(["git", "init", "-q", "-b", "main"], in: url)
        }

        func commit(_ files: [String: String]) async throws {
            for (path, text) in files {
                try text.write(to: url.appendingPathComponent(path), atomically: true, encoding: .utf8)
            }
            try await Binary.tool(["git", "add", "-A"], in: url)
            try await Binary.tool(["git", "commit", "-q", "-m", "change"], in: url)
        }
    }

    func atrium(_ server: ServedServer, _ repo: Repository, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            arguments + ["--server", server.baseURL], in: repo.url,
            environment: ["ATRIUM_TOKEN": server.adminToken, "NO_COLOR": "1"])
    }

    func shares(_ server: ServedServer, _ owner: String, _ name: String) async throws -> [String] {
        let id = try await server.request("GET", "/users/\(owner)/workspace/\(name)").object["id"] as? String ?? ""
        let reply = try await server.request("GET", "/workspaces/\(id)/port-share")
        return ((reply.object["shares"] as? [[String: Any]]) ?? []).map {
            "\($0["port"] as? Int ?? 0)=\($0["share_level"] as? String ?? "?")"
        }
    }

    @Test(arguments: ServedServer.Variant.all)
    func aHandMadePublicShareIsDriftAndIsRemoved(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: Self.seed, extra: ["--wildcard-access-url", "*.apps.test"]) {
            server in
            let repo = try await Repository()
            defer { try? FileManager.default.removeItem(at: repo.url) }
            try await repo.commit([
                "api.yaml": Docs.workspace(
                    "alice", "api", spec: "  sharing: {ports: [{port: 8080, level: authenticated}]}"),
                "web.yaml": Docs.workspace("alice", "web"),
            ])
            let applied = try await atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(
                applied.stdout.contains(
                    "shared port alice/api 8080 authenticated: http://8080--main--api--alice.apps.test"),
                "\(applied.stdout)")
            #expect(try await shares(server, "alice", "api") == ["8080=authenticated"])
            let clean = try await atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(clean.status == 0, "in sync: \(clean.stdout)")

            // By hand, behind git's back: port 3000 of api opened to the internet.
            let id = try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String ?? ""
            let opened = try await server.request(
                "POST", "/workspaces/\(id)/port-share",
                body: ["agent_name": "main", "port": 3000, "share_level": "public", "protocol": "http"])
            #expect(opened.status == 200)
            let drift = try await atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2, "\(drift.stdout)")
            #expect(drift.stdout.contains("- unshare port 3000 (agent main) public/http"), "\(drift.stdout)")
            #expect(!drift.stdout.contains("the server matches git"))
            let access = try await atrium(server, repo, ["access", "--live"])
            #expect(access.status == 3, "drift: \(access.stdout)\(access.stderr)")
            #expect(access.stdout.contains("port:3000") && access.stdout.contains("not-declared"), "\(access.stdout)")

            let removed = try await atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(try await shares(server, "alice", "api") == ["8080=authenticated"])
            #expect(try await atrium(server, repo, ["access", "--live"]).status == 0)
        }
    }

    @Test func wideningIsRefusedBeforeAnyWrite() async throws {
        try await withHarness(seed: Self.seed) { h in
            try await h.commit([
                "api.yaml": Docs.workspace("alice", "api", spec: "  sharing: {ports: [{port: 8080, level: public}]}")
            ])
            let validate = try await Binary.atrium(["validate"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(validate.status == 1)
            #expect(
                validate.stderr.contains("api.yaml:6:")
                    && validate.stderr.contains("port 8080 of `alice/api` is shared `public`, wider than"),
                "\(validate.stderr)")

            try await h.commit([
                "atrium.yaml": Docs.config("policy: {maxPortShareLevel: public}"),
                "api.yaml": Docs.workspace("alice", "api", spec: "  sharing: {ports: [{port: 8080, level: public}]}"),
                "shut.yaml": Docs.workspace(
                    "alice", "shut", template: "closed", spec: "  sharing: {ports: [{port: 8080, level: organization}]}"
                ),
            ])
            let refused = try await h.reconcile([])
            #expect(refused.status == 1, "\(refused.stdout)")
            #expect(
                refused.stderr.contains("template `closed` lets ports be shared at most `owner`"), "\(refused.stderr)")
            guard let api = try await h.workspace("alice", "api") else { throw HarnessError("no api") }
            #expect(try await h.server.store.portShares(workspaceID: api.id).isEmpty, "nothing was written")
        }
    }

    @Test func diffFailsOnAPortOpenedToTheInternet() async throws {
        try await withHarness(seed: Self.seed) { h in
            try await h.commit([
                "atrium.yaml": Docs.config("policy: {maxPortShareLevel: public}"),
                "api.yaml": Docs.workspace(
                    "alice", "api", spec: "  sharing: {ports: [{port: 8080, level: authenticated}]}"),
            ])
            try await h.commit([
                "api.yaml": Docs.workspace("alice", "api", spec: "  sharing: {ports: [{port: 8080, level: public}]}")
            ])
            let diff = try await Binary.atrium(
                ["diff", "--base", "HEAD~1"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(diff.stdout.contains("port 8080 authenticated → public"), "\(diff.stdout)")
            let gate = try await Binary.atrium(
                ["diff", "--base", "HEAD~1", "--fail-on", "port-public"], in: h.repo, environment: ["NO_COLOR": "1"])
            #expect(gate.status == 3, "\(gate.stdout)")
        }
    }
}

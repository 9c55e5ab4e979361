import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// Every surface, the same truth: a hand-made change on the server is reported by the drift
/// check, `access --live` and `show`, and undone by the apply; an export reconciled onto an
/// empty server gives the same state through the API. Against `atrium serve` and
/// `atrium serve --coder-only`, on SQLite and PostgreSQL.
@Suite struct SurfaceTruthTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users: [{username: alice}, {username: bob}, {username: carol}, {username: erin}]
        groups: [{name: qa, members: [erin]}, {name: platform, members: [bob]}]
        templates:
          - {name: go-dev, maxPortShareLevel: public}
        workspaces:
          - {owner: alice, name: api, template: go-dev}
          - {owner: alice, name: web, template: go-dev}
        """

    /// What git declares: two workspaces (one shared with qa), the qa group's members, and the
    /// template's ACL. No port is declared anywhere.
    static let files = [
        "api.yaml": Docs.workspace("alice", "api", spec: "  sharing: {groups: {qa: use}}"),
        "web.yaml": Docs.workspace("alice", "web"),
        "groups.yaml": "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [erin]}\n",
        "access.yaml":
            "apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: go-dev}\n"
            + "spec: {groups: {Everyone: use}}\n",
    ]

    /// A change made by hand on one surface, what `show` names to see it, and what it says.
    struct HandMade: Sendable, CustomStringConvertible {
        var surface: Surface
        var show: String
        var shown: String
        var make: @Sendable (ServedServer) async throws -> Void
        var description: String { surface.rawValue }
    }

    static let handMade: [HandMade] = [
        HandMade(surface: .workspaceACL, show: "alice/web", shown: "user:carol") { server in
            let carol = try await server.request("GET", "/users/carol").object["id"] as? String ?? ""
            let reply = try await server.request(
                "PATCH", "/workspaces/\(try await workspaceID(server, "web"))/acl", body: ["user_roles": [carol: "use"]]
            )
            #expect(reply.status == 204)
        },
        HandMade(surface: .ports, show: "alice/web", shown: "port 9000") { server in
            let reply = try await server.request(
                "POST", "/workspaces/\(try await workspaceID(server, "web"))/port-share",
                body: ["agent_name": "main", "port": 9000, "share_level": "authenticated", "protocol": "http"])
            #expect(reply.status == 200)
        },
        HandMade(surface: .groupMembers, show: "group:qa", shown: "user:carol") { server in
            let group = try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String
            let carol = try await server.request("GET", "/users/carol").object["id"] as? String ?? ""
            let reply = try await server.request("PATCH", "/groups/\(group ?? "")", body: ["add_users": [carol]])
            #expect(reply.status == 200)
        },
        HandMade(surface: .templateACL, show: "template:go-dev", shown: "user:carol") { server in
            let template =
                try await server.request("GET", "/organizations/default/templates/go-dev").object["id"] as? String
            let carol = try await server.request("GET", "/users/carol").object["id"] as? String ?? ""
            let reply = try await server.request(
                "PATCH", "/templates/\(template ?? "")/acl", body: ["user_perms": [carol: "admin"]])
            #expect(reply.status == 200)
        },
    ]

    static func workspaceID(_ server: ServedServer, _ name: String, owner: String = "alice") async throws -> String {
        try await server.request("GET", "/users/\(owner)/workspace/\(name)").object["id"] as? String ?? ""
    }

    static func atrium(_ server: ServedServer, _ repo: URL, _ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            arguments + ["--server", server.baseURL], in: repo,
            environment: ["ATRIUM_TOKEN": server.adminToken, "NO_COLOR": "1"])
    }

    static func repository(_ files: [String: String]) async throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-truth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try await Binary.tool(["git", "init", "-q", "-b", "main"], in: url)
        for (path, text) in files {
            try text.write(to: url.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try await Binary.tool(["git", "add", "-A"], in: url)
        try await Binary.tool(["git", "commit", "-q", "--allow-empty", "-m", "desired state"], in: url)
        return url
    }

    @Test(arguments: ServedServer.Variant.all)
    func aHandMadeChangeOnEverySurfaceIsReportedAndUndone(variant: ServedServer.Variant) async throws {
        try await ServedServer.with(variant, seed: Self.seed) { server in
            let repo = try await Self.repository(Self.files)
            defer { try? FileManager.default.removeItem(at: repo) }
            let first = try await Self.atrium(server, repo, ["reconcile", "--auto-approve"])
            #expect(first.status == 0, "\(first.stderr)")
            for change in Self.handMade {
                let clean = try await Self.atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
                #expect(clean.status == 0, "\(change): in sync before: \(clean.stdout)")
                try await change.make(server)
                let drift = try await Self.atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
                #expect(drift.status == 2, "\(change): \(drift.stdout)")
                #expect(!drift.stdout.contains("matches git"), "\(change): \(drift.stdout)")
                let access = try await Self.atrium(server, repo, ["access", "--live"])
                #expect(access.status == 3, "\(change): \(access.stdout)")
                let shown = try await Self.atrium(server, repo, ["show", change.show])
                #expect(shown.status == 0, "\(change): \(shown.stderr)")
                let line = shown.stdout.split(separator: "\n").first { $0.contains(change.shown) }
                #expect(line?.contains("to-unshare") == true, "\(change): \(shown.stdout)")
                let undo = try await Self.atrium(server, repo, ["reconcile", "--auto-approve"])
                #expect(undo.status == 0, "\(change): \(undo.stderr)")
                let after = try await Self.atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
                #expect(after.status == 0, "\(change): undone: \(after.stdout)")
                #expect(try await Self.atrium(server, repo, ["access", "--live"]).status == 0, "\(change)")
            }
        }
    }

    /// `prune.ports: false` leaves hand-made port shares alone, and every command says it did not
    /// compare them instead of calling the server in sync.
    @Test func portsLeftAloneAreSaidNotCompared() async throws {
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            var files = Self.files
            files["atrium.yaml"] = "apiVersion: atrium/v1\nkind: Config\nprune: {ports: false}\n"
            let repo = try await Self.repository(files)
            defer { try? FileManager.default.removeItem(at: repo) }
            #expect(try await Self.atrium(server, repo, ["reconcile", "--auto-approve"]).status == 0)
            try await Self.handMade[1].make(server)
            let plan = try await Self.atrium(server, repo, ["reconcile", "--dry-run", "--detailed-exitcode"])
            #expect(plan.status == 0, "\(plan.stdout)")
            #expect(
                plan.stdout.contains("No changes: the server matches git on every surface compared"), "\(plan.stdout)")
            #expect(plan.stdout.contains("port shares of 2 workspaces not compared: prune.ports is false"))
            let json = try await Self.atrium(server, repo, ["reconcile", "--dry-run", "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let notCompared = object?["not_compared"] as? [[String: Any]]
            #expect(notCompared?.first?["surface"] as? String == "ports", "\(json.stdout)")
            let access = try await Self.atrium(server, repo, ["access", "--live"])
            #expect(access.status == 0)
            #expect(access.stdout.contains("No drift: the server matches git on every surface compared."))
            #expect(access.stdout.contains("Not compared: port shares of 2 workspaces"), "\(access.stdout)")
        }
    }

    /// `show` never denies what git does not declare: a workspace, group or template the server
    /// has is shown as it has it, marked not governed.
    @Test func showSaysWhatTheServerHasWhereGitIsSilent() async throws {
        try await ServedServer.with(.sqlite, seed: Self.seed) { server in
            let repo = try await Self.repository(["api.yaml": Docs.workspace("alice", "api")])
            defer { try? FileManager.default.removeItem(at: repo) }
            try await Self.handMade[0].make(server)
            try await Self.handMade[3].make(server)
            let workspace = try await Self.atrium(server, repo, ["show", "alice/web"])
            #expect(workspace.status == 0, "\(workspace.stderr)")
            #expect(workspace.stdout.contains("not declared in git"), "\(workspace.stdout)")
            #expect(workspace.stdout.contains("user:carol") && workspace.stdout.contains("not-governed"))
            let group = try await Self.atrium(server, repo, ["show", "group:platform"])
            #expect(group.stdout.contains("user:bob") && !group.stdout.contains("(nobody)"), "\(group.stdout)")
            let template = try await Self.atrium(server, repo, ["show", "template:go-dev"])
            #expect(template.stdout.contains("user:carol"), "\(template.stdout)")
            #expect(template.stdout.contains("not-governed"), "\(template.stdout)")
        }
    }

    /// Export A, commit it, reconcile it onto an empty B: the two servers' states are equal
    /// through the API (ACLs, port shares, groups with display names and members, template ACLs).
    @Test(arguments: ServedServer.Backend.available)
    func anExportReconciledOntoAnEmptyServerGivesTheSameState(backend: ServedServer.Backend) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { source in
            for change in Self.handMade { try await change.make(source) }
            let group = try await source.request("GET", "/organizations/default/groups/platform").object["id"]
            let renamed = try await source.request(
                "PATCH", "/groups/\(group as? String ?? "")", body: ["display_name": "Platform team"])
            #expect(renamed.status == 200)
            let repo = try await Self.repository([:])
            defer { try? FileManager.default.removeItem(at: repo) }
            let export = try await Self.atrium(source, repo, ["export", "--scope", "all", "--out", repo.path])
            #expect(export.status == 0, "\(export.stderr)")
            try await Binary.tool(["git", "add", "-A"], in: repo)
            try await Binary.tool(["git", "commit", "-q", "-m", "export"], in: repo)
            let empty = Self.seed.replacingOccurrences(
                of: "groups: [{name: qa, members: [erin]}, {name: platform, members: [bob]}]\n", with: "")
            try await ServedServer.with(backend, seed: empty) { target in
                let applied = try await Self.atrium(target, repo, ["reconcile", "--auto-approve"])
                #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
                let expected = try await Self.state(of: source)
                #expect(expected.contains("group platform `Platform team` [bob]"), "\(expected)")
                #expect(expected.contains("port alice/web 9000 authenticated"), "\(expected)")
                #expect(try await Self.state(of: target) == expected)
            }
        }
    }

    /// A server's governed state through its API, one line per fact, sorted.
    static func state(of server: ServedServer) async throws -> [String] {
        var lines: [String] = []
        for name in ["api", "web"] {
            let id = try await workspaceID(server, name)
            let acl = try await server.request("GET", "/workspaces/\(id)/acl").object
            for user in acl["users"] as? [[String: Any]] ?? [] {
                lines.append("acl alice/\(name) user:\(user["username"] ?? "") \(user["role"] ?? "")")
            }
            for group in acl["group"] as? [[String: Any]] ?? [] {
                lines.append("acl alice/\(name) group:\(group["name"] ?? "") \(group["role"] ?? "")")
            }
            let ports = try await server.request("GET", "/workspaces/\(id)/port-share").object
            for share in ports["shares"] as? [[String: Any]] ?? [] {
                lines.append("port alice/\(name) \(share["port"] ?? "") \(share["share_level"] ?? "")")
            }
        }
        for group in try await server.request("GET", "/organizations/default/groups").array {
            let members = (group["members"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            guard let name = group["name"] as? String, name != "Everyone" else { continue }
            lines.append("group \(name) `\(group["display_name"] ?? "")` [\(members.sorted().joined(separator: ","))]")
        }
        let template = try await server.request("GET", "/organizations/default/templates/go-dev").object["id"]
        let acl = try await server.request("GET", "/templates/\(template as? String ?? "")/acl").object
        for user in acl["users"] as? [[String: Any]] ?? [] {
            lines.append("template go-dev user:\(user["username"] ?? "") \(user["role"] ?? "")")
        }
        for group in acl["group"] as? [[String: Any]] ?? [] {
            lines.append("template go-dev group:\(group["name"] ?? "") \(group["role"] ?? "")")
        }
        return lines.sorted()
    }
}

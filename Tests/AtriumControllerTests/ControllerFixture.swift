import AtriumController
import AtriumTestSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real git remote (a bare repository) fed from a working clone, and `atrium controller`
/// processes following it against a real `atrium serve`.
struct ControllerFixture: Sendable {
    let folder: URL
    let work: URL
    let remote: URL

    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: alice}
          - {username: bob}
          - {username: carol}
        \((1...12).map { "  - {username: user\($0)}" }.joined(separator: "\n"))
        templates:
          - {name: go-dev, parameters: [region]}
        workspaces:
          - {owner: alice, name: existing, template: go-dev}
          - {owner: bob, name: other, template: go-dev}
        """

    static func make() async throws -> ControllerFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-controller-\(UUID().uuidString)")
        let work = folder.appendingPathComponent("work")
        let remote = folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try await ChildProcess.tool(["git", "init", "-q", "--bare", "-b", "main", remote.path], in: folder)
        try await ChildProcess.tool(["git", "init", "-q", "-b", "main"], in: work)
        try await ChildProcess.tool(["git", "remote", "add", "origin", remote.path], in: work)
        return ControllerFixture(folder: folder, work: work, remote: remote)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes the files (nil deletes one), commits, pushes to the remote; returns the new SHA.
    @discardableResult
    func push(_ files: [String: String?], message: String = "change") async throws -> String {
        for (name, text) in files {
            let url = work.appendingPathComponent(name)
            if let text {
                try text.write(to: url, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(at: url)
            }
        }
        try await ChildProcess.tool(["git", "add", "-A"], in: work)
        try await ChildProcess.tool(["git", "commit", "-q", "-m", message], in: work)
        try await ChildProcess.tool(["git", "push", "-q", "origin", "main"], in: work)
        return try await ChildProcess.tool(["git", "rev-parse", "HEAD"], in: work).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func config(_ extra: String = "") -> String {
        "apiVersion: atrium/v1\nkind: Config\nserver: {organization: default}\n\(extra)\n"
    }

    static func workspace(_ owner: String, _ name: String, users: [String: String] = [:]) -> String {
        let sharing =
            users.isEmpty
            ? ""
            : "  sharing: {users: {"
                + "\(users.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}}"
        return """
            apiVersion: atrium/v1
            kind: Workspace
            metadata: {name: \(name), owner: \(owner)}
            spec:
              template: go-dev
            \(sharing)

            """
    }

    /// Runs `atrium controller` following this remote against `server` while `body` runs, then
    /// stops it with SIGTERM (unless `body` ended it) and returns how it ended.
    func withController(
        server: ServedServer, url: String? = nil, interval: String = "2s", arguments: [String] = [],
        environment: [String: String] = [:],
        deadline: Duration = .seconds(240), _ body: @Sendable (RunningController) async throws -> Void
    ) async throws -> ProcessResult {
        let token = try write("token-\(UUID().uuidString)", server.adminToken)
        var command = Command(
            ChildProcess.atriumExecutable(packageRoot: ServedServer.packageRoot).path,
            [
                "controller", "--repo-url", url ?? "file://\(remote.path)", "--interval", interval, "--listen",
                "127.0.0.1:0",
                "--checkout-dir", folder.appendingPathComponent("mirror-\(UUID().uuidString)").path, "--server",
                server.baseURL,
                "--token-file", token,
            ] + arguments,
            in: folder, environment: environment)
        command.deadline = deadline
        let (result, _) = try await ChildProcess.run(command) { child in
            // Digits only: with --log-format json the line goes on with `"}`.
            let port = try await child.waitForStderr("/hooks on http://127.0.0.1:").prefix(while: \.isNumber)
            try await body(RunningController(child: child, baseURL: "http://127.0.0.1:\(port)"))
            child.send(SIGTERM)
        }
        return result
    }
}

/// One running `atrium controller` and its HTTP endpoints.
struct RunningController: Sendable {
    let child: RunningChild
    let baseURL: String

    struct Reply: Sendable {
        var status: Int
        var text: String
    }

    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) async throws
        -> Reply
    {
        guard let url = URL(string: baseURL + path) else {
            throw ToolFailure(description: "not a URL: \(baseURL + path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(
            status: (response as? HTTPURLResponse)?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self))
    }

    func status() async throws -> ControllerStatus {
        try ControllerStatus.decoder.decode(
            ControllerStatus.self, from: Data(try await request("GET", "/status").text.utf8))
    }

    func metrics() async throws -> String {
        try await request("GET", "/metrics").text
    }

    /// Waits until the status satisfies `condition` and returns it.
    @discardableResult
    func waitForStatus(
        _ what: String, within limit: Duration = .seconds(90),
        _ condition: @escaping @Sendable (ControllerStatus) -> Bool
    ) async throws -> ControllerStatus {
        try await child.wait(for: what, within: limit) { condition(try await status()) }
        return try await status()
    }
}

extension ServedServer {
    /// `username: role` of a workspace's ACL, as the server answers it.
    func acl(_ owner: String, _ name: String) async throws -> [String: String] {
        let id = try await request("GET", "/users/\(owner)/workspace/\(name)").object["id"] as? String ?? ""
        let users = try await request("GET", "/workspaces/\(id)/acl").object["users"] as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: users.map { ($0["username"] as? String ?? "", $0["role"] as? String ?? "") })
    }

    /// Sets a workspace's user roles by hand ("" removes one), as drift made outside git.
    func patchACL(_ owner: String, _ name: String, users: [String: String]) async throws {
        let id = try await request("GET", "/users/\(owner)/workspace/\(name)").object["id"] as? String ?? ""
        var roles: [String: String] = [:]
        for (username, role) in users {
            roles[try await request("GET", "/users/\(username)").object["id"] as? String ?? username] = role
        }
        let reply = try await request("PATCH", "/workspaces/\(id)/acl", body: ["user_roles": roles])
        guard reply.status == 204 else {
            throw ToolFailure(description: "PATCH acl: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
    }

    /// How many requests the server logged with this method and path prefix.
    func logged(_ method: String, _ pathPrefix: String) -> Int {
        process.stderr.split(separator: "\n").count { $0.contains("\(method) \(pathPrefix)") }
    }
}

import AtriumCore
import AtriumServer
import AtriumTestSupport
import Foundation
import Logging

/// A real reference server on 127.0.0.1 (port 0, SQLite) and a real git repository, driven with
/// the built `atrium` binary exactly as a user or CI job would.
///
/// The server runs in this test process, on a `ThreadPoolExecutor` of its own: it never shares
/// Swift's cooperative pool (two threads on a 2-core machine) with the tests, so nothing the test
/// process does can starve it while an `atrium` child waits for its answers. In-process rather than
/// `atrium serve` in a child because the tests check outcomes in the database itself, independently
/// of the API whose readings the client shares, and drive fault injection (dropped connections,
/// slow writes, write counts) at exact moments. `ServeCommandTests` covers `atrium serve` as a
/// process. Children run through swift-subprocess (`ChildProcess`): no cooperative thread ever
/// waits on one, they inherit no descriptor but stdin/stdout/stderr, and each has a deadline.
final class Harness: @unchecked Sendable {
    // @unchecked: used by one test at a time; the server, store and executor are Sendable themselves.
    static let executor = ThreadPoolExecutor(threads: 2)
    let server: RunningServer
    let token: String
    let repo: URL
    let faults = FaultInjection()
    let databasePath: String

    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: alice}
          - {username: bob}
          - {username: carol}
          - {username: dave}
          - {username: erin}
        groups:
          - {name: qa, members: [erin]}
          - {name: oncall, members: [dave]}
        templates:
          - {name: go-dev, parameters: [region]}
          - {name: python-dev, parameters: [region]}
        workspaces:
          - {owner: alice, name: existing, template: go-dev}
          - {owner: bob, name: legacy, template: go-dev}
        """

    init(seed: String = Harness.seed, rateLimiter: RateLimiter? = nil, coderOnly: Bool = false) async throws {
        databasePath =
            FileManager.default.temporaryDirectory.appendingPathComponent("atrium-e2e-\(UUID().uuidString).db").path
        var logger = Logger(label: "atrium.e2e")
        logger.logLevel = .critical
        let store = try await Store.open("sqlite:\(databasePath)", baseURL: "http://atrium.test", logger: logger)
        let seeder = Seeder(store: store)
        token = try await seeder.bootstrapAdmin(username: "admin") ?? ""
        try await seeder.apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        server = try await RunningServer.start(
            store: store, logger: logger, faults: faults, rateLimiter: rateLimiter, coderOnly: coderOnly,
            executor: Self.executor)
        repo = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-e2e-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try await Binary.tool(["git", "init", "-q", "-b", "main"], in: repo)
    }

    func stop() async {
        await server.stop()
        try? await server.store.database.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        try? FileManager.default.removeItem(at: repo)
    }

    /// Writes files (path → YAML) into the repository and commits them all.
    @discardableResult
    func commit(_ files: [String: String], message: String = "change") async throws -> String {
        for (path, text) in files {
            let url = repo.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try await Binary.tool(["git", "add", "-A"], in: repo)
        try await Binary.tool(["git", "commit", "-q", "--allow-empty", "-m", message], in: repo)
        return try await Binary.tool(["git", "rev-parse", "HEAD"], in: repo).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: repo.appendingPathComponent(path))
    }

    /// Runs `atrium reconcile ...` against this server with the admin token in ATRIUM_TOKEN.
    func reconcile(_ arguments: [String]) async throws -> Binary.Result {
        try await Binary.atrium(
            ["reconcile", "--server", server.baseURL, "--parallelism", "4", "--auto-approve"] + arguments, in: repo,
            environment: ["ATRIUM_TOKEN": token, "NO_COLOR": "1"])
    }

    var admin: Caller {
        get async throws {
            guard let user = try await server.store.user("admin") else { throw HarnessError("no admin") }
            return Caller(user: user)
        }
    }

    /// The live sharing of `owner/name` as `user:x=role` / `group:y=role` strings, sorted.
    func sharing(_ owner: String, _ name: String) async throws -> [String] {
        guard let user = try await server.store.user(owner),
            let workspace = try await server.store.workspace(ownerID: user.id, name: name)
        else { return ["<absent>"] }
        return
            (workspace.users.map { "user:\($0.user.username)=\($0.role)" }
            + workspace.groups.map { "group:\($0.group.name)=\($0.role)" }).sorted()
    }

    func workspace(_ owner: String, _ name: String) async throws -> WorkspaceRecord? {
        guard let user = try await server.store.user(owner) else { return nil }
        return try await server.store.workspace(ownerID: user.id, name: name)
    }

    /// Shares directly on the server, behind git's back.
    func shareOnServer(_ owner: String, _ name: String, users: [String: String] = [:], groups: [String: String] = [:])
        async throws
    {
        guard let workspace = try await workspace(owner, name) else {
            throw HarnessError("no workspace \(owner)/\(name)")
        }
        var userRoles: [String: String] = [:]
        for (username, role) in users {
            guard let user = try await server.store.user(username) else { throw HarnessError("no user \(username)") }
            userRoles[user.id] = role
        }
        var groupRoles: [String: String] = [:]
        for (groupName, role) in groups {
            guard let group = try await server.store.group(groupName, organizationID: workspace.organizationID) else {
                throw HarnessError("no group \(groupName)")
            }
            groupRoles[group.id] = role
        }
        try await server.store.patchACL(
            workspaceID: workspace.id, actor: try await admin, userRoles: userRoles, groupRoles: groupRoles)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a `withHarness` body and always stops the server.
func withHarness(
    seed: String = Harness.seed, rateLimiter: RateLimiter? = nil, coderOnly: Bool = false,
    _ body: (Harness) async throws -> Void
) async throws {
    let harness = try await Harness(seed: seed, rateLimiter: rateLimiter, coderOnly: coderOnly)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}

/// The built `atrium` binary and command-line tools.
enum Binary {
    typealias Result = ProcessResult

    static let executable = ChildProcess.atriumExecutable(
        packageRoot: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent())

    static func command(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) -> Command {
        Command(executable.path, arguments, in: directory, environment: environment)
    }

    /// Runs the binary to its end.
    static func atrium(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
        -> Result
    {
        try await ChildProcess.run(command(arguments, in: directory, environment: environment))
    }

    @discardableResult
    static func tool(_ arguments: [String], in directory: URL) async throws -> String {
        try await ChildProcess.tool(arguments, in: directory)
    }
}

/// Small YAML builders for tests.
enum Docs {
    static func config(_ extra: String = "") -> String {
        "apiVersion: atrium/v1\nkind: Config\nserver: {organization: default}\n\(extra)\n"
    }

    static func workspace(
        _ owner: String, _ name: String, template: String = "go-dev", labels: String = "{}", spec: String = ""
    ) -> String {
        """
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: \(name), owner: \(owner), labels: \(labels)}
        spec:
          template: \(template)
        \(spec)

        """
    }
}

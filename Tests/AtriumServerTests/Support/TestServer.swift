import AsyncHTTPClient
import AtriumCore
import AtriumServer
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The databases the server suite runs against: SQLite always, PostgreSQL when the test script
/// started one and exported `ATRIUM_TEST_POSTGRES_URL` (make test and CI do).
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["ATRIUM_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// The backends to run; PostgreSQL is announced as skipped, plainly, when not configured.
    static let available: [Backend] = {
        if postgresURL == nil {
            FileHandle.standardError.write(
                Data(
                    ("note: ATRIUM_TEST_POSTGRES_URL is not set: the server suite runs on SQLite only and SKIPS "
                        + "PostgreSQL (make test starts one)\n").utf8))
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()
}

/// A fresh reference server on 127.0.0.1 with its own new database, driven over real HTTP.
final class TestServer: Sendable {
    let server: RunningServer
    let client: HTTPClient
    let adminToken: String
    let backend: Backend
    let databasePath: String?
    static let baseURL = "http://atrium.test"

    static var logger: Logger {
        var logger = Logger(label: "atrium.test")
        logger.logLevel = .critical  // cancelling the server at the end of a test logs noise
        return logger
    }

    private init(server: RunningServer, client: HTTPClient, adminToken: String, backend: Backend, databasePath: String?)
    {
        self.server = server
        self.client = client
        self.adminToken = adminToken
        self.backend = backend
        self.databasePath = databasePath
    }

    static func start(_ backend: Backend, seed: String? = nil) async throws -> TestServer {
        let database: any SQLDatabase
        var path: String?
        switch backend {
        case .sqlite:
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("atrium-test-\(UUID().uuidString).db")
                .path
            database = try ReferenceServer.openDatabase("sqlite:\(path!)", logger: logger)
        case .postgres:
            guard let url = Backend.postgresURL else { throw TestFailure("PostgreSQL is not configured") }
            let name =
                "atrium_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
            let maintenance = try ReferenceServer.openDatabase(url, logger: logger)
            try await maintenance.read { connection in try await connection.execute("CREATE DATABASE \(name)") }
            try await maintenance.close()
            var components = URLComponents(string: url)!
            components.path = "/\(name)"
            database = try ReferenceServer.openDatabase(components.string!, logger: logger)
        }
        let store = Store(database: database, baseURL: baseURL)
        try await store.migrate()
        let seeder = Seeder(store: store)
        guard let token = try await seeder.bootstrapAdmin(username: "admin") else { throw TestFailure("admin exists") }
        if let seed {
            try await seeder.apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        }
        let server = try await RunningServer.start(store: store, logger: logger)
        return TestServer(
            server: server, client: HTTPClient(eventLoopGroupProvider: .singleton), adminToken: token, backend: backend,
            databasePath: path)
    }

    func stop() async {
        try? await client.shutdown()
        await server.stop()
        try? await server.store.database.close()
        if let databasePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        }
    }

    struct Reply: Sendable {
        var status: Int
        var body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { (json as? [String: Any]) ?? [:] }
        var array: [[String: Any]] { (json as? [[String: Any]]) ?? [] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// Coder's error body's message.
        var message: String? { object["message"] as? String }
        /// Coder's error body's validation fields.
        var validationFields: [String] {
            ((object["validations"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
        }
    }

    /// Sends a request; `body` is encoded as JSON unless it is already `Data` or a `String`.
    func request(_ method: Method, _ path: String, token: String?, body: Any? = nil, headers: [(String, String)] = [])
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: "\(server.baseURL)/api/v2\(path)")
        request.method = .init(rawValue: method.rawValue)
        if let token { request.headers.add(name: "Coder-Session-Token", value: token) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            let data: Data
            if let raw = body as? Data {
                data = raw
            } else if let text = body as? String {
                data = Data(text.utf8)
            } else {
                data = try JSONSerialization.data(withJSONObject: body)
            }
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: data))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: Data(buffer: buffer))
    }

    func get(_ path: String, as token: String? = nil) async throws -> Reply {
        try await request(.GET, path, token: token ?? adminToken)
    }

    // MARK: - Fixtures

    /// Creates a user and returns (id, token).
    func user(_ username: String) async throws -> (id: String, token: String) {
        let created = try await request(
            .POST, "/users", token: adminToken, body: ["username": username, "email": "\(username)@example.com"])
        guard created.status == 201, let id = created.object["id"] as? String else {
            throw TestFailure("creating \(username): \(created.status) \(created.text)")
        }
        let key = try await request(.POST, "/users/\(id)/keys", token: adminToken)
        guard let token = key.object["key"] as? String else { throw TestFailure("key for \(username): \(key.text)") }
        return (id, token)
    }

    func group(_ name: String, members: [String]) async throws -> String {
        let created = try await request(.POST, "/organizations/default/groups", token: adminToken, body: ["name": name])
        guard let id = created.object["id"] as? String else { throw TestFailure("group \(name): \(created.text)") }
        if !members.isEmpty {
            let patched = try await request(.PATCH, "/groups/\(id)", token: adminToken, body: ["add_users": members])
            guard patched.status == 200 else { throw TestFailure("members of \(name): \(patched.text)") }
        }
        return id
    }

    func template(_ name: String, parameters: [String] = []) async throws -> [String: Any] {
        let created = try await request(
            .POST, "/organizations/default/templates", token: adminToken,
            body: ["name": name, "parameters": parameters])
        guard created.status == 200 else { throw TestFailure("template \(name): \(created.text)") }
        return created.object
    }

    func workspace(_ name: String, owner: String, templateID: String, parameters: [[String: String]] = []) async throws
        -> String
    {
        let created = try await request(
            .POST, "/users/\(owner)/workspaces", token: adminToken,
            body: ["name": name, "template_id": templateID, "rich_parameter_values": parameters])
        guard created.status == 200, let id = created.object["id"] as? String else {
            throw TestFailure("workspace \(name): \(created.status) \(created.text)")
        }
        return id
    }
}

/// The HTTP methods the API uses, spelled as HTTP spells them.
// swift-format-ignore: AlwaysUseLowerCamelCase
enum Method: String, Sendable {
    case GET, POST, PUT, PATCH, DELETE
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` against a fresh server and always stops it.
func withServer(_ backend: Backend, seed: String? = nil, _ body: (TestServer) async throws -> Void) async throws {
    let server = try await TestServer.start(backend, seed: seed)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

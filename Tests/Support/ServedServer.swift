public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `atrium serve` as a user starts it, on SQLite or on a fresh database of the PostgreSQL that
/// `scripts/with-postgres.sh` started, with a seed and a bootstrap admin; requests go over HTTP.
public struct ServedServer: Sendable {
    public let baseURL: String
    public let adminToken: String
    /// The database the server keeps its state in (`sqlite:PATH` or a postgres:// URL).
    public let databaseURL: String
    /// The `atrium serve` process: its stderr has one line per request (`PATCH /api/v2/... 200`:
    /// it runs with ATRIUM_LOG_LEVEL=debug).
    public let process: RunningChild

    public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres
        public var description: String { rawValue }

        public static var available: [Backend] {
            ProcessInfo.processInfo.environment["ATRIUM_TEST_POSTGRES_URL"].map {
                $0.isEmpty ? [.sqlite] : [.sqlite, .postgres]
            } ?? [.sqlite]
        }
    }

    /// A backend, and whether the server offers only Coder's surface (`--coder-only`): the
    /// fidelity suite runs against each, so every client path is proven against exactly Coder's.
    public struct Variant: Sendable, CustomStringConvertible {
        public var backend: Backend
        public var coderOnly: Bool

        public static var all: [Variant] {
            Backend.available.flatMap {
                [Variant(backend: $0, coderOnly: false), Variant(backend: $0, coderOnly: true)]
            }
        }

        public var description: String { coderOnly ? "\(backend) --coder-only" : backend.description }
    }

    /// `with` for a variant.
    public static func with(
        _ variant: Variant, seed: String, extra: [String] = [], _ body: @Sendable (ServedServer) async throws -> Void
    ) async throws {
        try await with(variant.backend, seed: seed, extra: (variant.coderOnly ? ["--coder-only"] : []) + extra, body)
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Starts the server, runs `body`, stops the server (SIGTERM) and removes its database.
    public static func with(
        _ backend: Backend, seed: String, extra: [String] = [], _ body: @Sendable (ServedServer) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-fidelity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try seed.write(to: folder.appendingPathComponent("seed.yaml"), atomically: true, encoding: .utf8)
        let database = try await databaseURL(backend, folder: folder)
        try await serve(
            database: database, extra: ["--seed", "seed.yaml", "--bootstrap-admin", "admin"] + extra, token: nil,
            in: folder, body)
    }

    /// Starts another `atrium serve` on this server's database (a replica: PostgreSQL), with no
    /// seed; the admin's token works on both. Runs `body`, then stops the replica.
    public func replica(_ body: @Sendable (ServedServer) async throws -> Void) async throws {
        try await Self.serve(
            database: databaseURL, extra: [], token: adminToken, in: FileManager.default.temporaryDirectory, body)
    }

    private static func serve(
        database: String, extra: [String], token: String?, in folder: URL,
        _ body: @Sendable (ServedServer) async throws -> Void
    ) async throws {
        let executable = ChildProcess.atriumExecutable(packageRoot: packageRoot)
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--database", database] + extra
        // The server lives as long as the test's body, which in a full run on two cores (every
        // suite at once) can pass the two minutes a one-shot command gets.
        var command = Command(executable.path, arguments, in: folder, environment: ["ATRIUM_LOG_LEVEL": "debug"])
        command.deadline = .seconds(360)
        let (result, _) = try await ChildProcess.run(command) { child in
            let port = try await child.waitForStderr("serving Coder's v2 API on http://127.0.0.1:")
            if token == nil { try await child.wait(for: "the admin's token") { child.stdout.hasSuffix("\n") } }
            let adminToken = token ?? child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let server = ServedServer(
                baseURL: "http://127.0.0.1:\(port)", adminToken: adminToken, databaseURL: database, process: child)
            do {
                try await body(server)
            } catch {
                child.send(SIGTERM)
                throw error
            }
            child.send(SIGTERM)
        }
        guard result.status == 0 else {
            throw ToolFailure(description: "atrium serve exited \(result.status): \(result.stderr.suffix(2000))")
        }
    }

    private static func databaseURL(_ backend: Backend, folder: URL) async throws -> String {
        switch backend {
        case .sqlite:
            return "sqlite:\(folder.path)/server.db"
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["ATRIUM_TEST_POSTGRES_URL"],
                var components = URLComponents(string: url)
            else {
                throw ToolFailure(description: "ATRIUM_TEST_POSTGRES_URL is not set")
            }
            let name = "fidelity_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
            try await ChildProcess.tool(["psql", url, "-q", "-c", "CREATE DATABASE \(name)"], in: folder)
            components.path = "/\(name)"
            return components.string ?? url
        }
    }

    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
        public var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        public var array: [[String: Any]] {
            ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]]) ?? []
        }
        public var message: String? { object["message"] as? String }
        public var validations: [(field: String, detail: String)] {
            ((object["validations"] as? [[String: Any]]) ?? []).map {
                ($0["field"] as? String ?? "", $0["detail"] as? String ?? "")
            }
        }
    }

    public func request(_ method: String, _ path: String, token: String? = nil, body: Any? = nil, raw: String? = nil)
        async throws -> Reply
    {
        var request = URLRequest(url: URL(string: "\(baseURL)/api/v2\(path)")!)
        request.httpMethod = method
        request.setValue(token ?? adminToken, forHTTPHeaderField: "Coder-Session-Token")
        if let raw {
            request.httpBody = Data(raw.utf8)
        } else if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        if request.httpBody != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    /// A user's id and a new token for them.
    public func user(_ username: String) async throws -> (id: String, token: String) {
        let user = try await request("GET", "/users/\(username)")
        guard let id = user.object["id"] as? String else { throw ToolFailure(description: "no user \(username)") }
        let key = try await request("POST", "/users/\(id)/keys")
        guard let token = key.object["key"] as? String else {
            throw ToolFailure(description: "no token for \(username)")
        }
        return (id, token)
    }
}

import AtriumServer
import Foundation
import Testing

/// The server's database through PostgreSQL's Unix-domain socket (`?host=DIRECTORY`), as a
/// database on the same machine is reached; scripts/with-postgres.sh exports the URL.
@Suite struct PostgreSQLSocketTests {
    static let url = ProcessInfo.processInfo.environment["ATRIUM_TEST_POSTGRES_SOCKET_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    @Test(.enabled(if: url != nil, "ATRIUM_TEST_POSTGRES_SOCKET_URL is not set (scripts/with-postgres.sh sets it)"))
    func storeRunsOverTheSocket() async throws {
        let database = try ReferenceServer.openDatabase(try #require(Self.url), logger: TestServer.logger)
        let name = "atrium_socket_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))"
        try await database.read { connection in try await connection.execute("CREATE DATABASE \(name)") }
        try await database.close()
        let url = try #require(Self.url).replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        let store = Store(
            database: try ReferenceServer.openDatabase(url, logger: TestServer.logger), baseURL: TestServer.baseURL)
        try await store.migrate()
        let token = try await Seeder(store: store).bootstrapAdmin(username: "admin")
        #expect(token != nil)
        let row = try await store.database.read { connection in
            try await connection.first("SELECT COUNT(*) FROM users WHERE username = ?", [.text("admin")])
        }
        #expect(row?.int(0) == 1)
        try await store.database.close()
    }
}

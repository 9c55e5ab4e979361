import Foundation
import Logging
import Testing

@testable import AtriumServer

/// Upgrading a database written by an older `atrium serve`: its rows survive each migration.
@Suite struct MigrationsTests {
    /// A fresh SQLite file's path; `remove` deletes it with its journal files.
    static func databasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("atrium-migrations-\(UUID().uuidString).db").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func open(_ path: String) throws -> any SQLDatabase {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try ReferenceServer.openDatabase("sqlite:\(path)", logger: logger)
    }

    /// Migration 8: a user's organizations are found through an index on the user, not by
    /// reading every membership (what every user shown and every Everyone-group member costs).
    @Test func aUsersOrganizationsAreReadThroughAnIndex() async throws {
        let path = Self.databasePath()
        defer { Self.remove(path) }
        let database = try Self.open(path)
        try await Migrations.run(on: database)
        let plan = try await database.read {
            try await $0.query(
                "EXPLAIN QUERY PLAN SELECT organization_id FROM organization_members WHERE user_id = ?",
                [.text("u")]
            ).map { $0.string(3) }
        }
        #expect(plan.contains { $0.contains("USING INDEX organization_members_user") }, "\(plan)")
        try await database.close()
    }

    /// Migration 4 rebuilds SQLite's ACL tables WITHOUT ROWID: every grant is kept, and the
    /// foreign keys still cascade when a workspace goes.
    @Test func theACLTablesAreRebuiltWithEveryGrant() async throws {
        let path = Self.databasePath()
        defer { Self.remove(path) }
        let database = try Self.open(path)
        try await Migrations.run(on: database, through: 3)
        // Today's store writes template ACLs (migration 5) and each template's widest port share
        // level (migration 6) when it creates a template.
        try await database.transaction { try await $0.execute(Migrations.templateACLTable, []) }
        try await database.transaction { try await $0.execute(Migrations.templatePortShareColumn, []) }
        try await database.transaction { try await $0.execute(Migrations.groupMembersView, []) }
        let store = Store(database: database, baseURL: "http://atrium.test")
        let seed = """
            apiVersion: atrium/v1
            kind: Seed
            users: [{username: alice}, {username: bob}, {username: carol}]
            groups: [{name: qa, members: [bob]}]
            templates: [{name: go-dev}]
            workspaces: [{owner: alice, name: api, template: go-dev}, {owner: alice, name: web, template: go-dev}]
            """
        try await Seeder(store: store).apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        let alice = try #require(try await store.user("alice"))
        let api = try #require(try await store.workspace(ownerID: alice.id, name: "api"))
        let web = try #require(try await store.workspace(ownerID: alice.id, name: "web"))
        let bob = try #require(try await store.user("bob"))
        let carol = try #require(try await store.user("carol"))
        let qa = try #require(try await store.group("qa"))
        try await database.transaction { connection in
            for (workspace, user, role) in [
                (api.id, bob.id, "use"), (api.id, carol.id, "admin"), (web.id, carol.id, "use"),
            ] {
                try await connection.execute(
                    "INSERT INTO workspace_user_acl (workspace_id, user_id, role) VALUES (?, ?, ?)",
                    [.text(workspace), .text(user), .text(role)])
            }
            try await connection.execute(
                "INSERT INTO workspace_group_acl (workspace_id, group_id, role) VALUES (?, ?, 'admin')",
                [.text(api.id), .text(qa.id)])
        }

        try await Migrations.run(on: database, through: 5)
        let tables = try await database.read { connection in
            try await connection.query(
                "SELECT name, sql FROM sqlite_master WHERE name LIKE 'workspace_%_acl%' ORDER BY name", []
            )
            .map { "\($0.string(0)): \($0.string(1).contains("WITHOUT ROWID") ? "clustered" : "rowid")" }
        }
        #expect(
            tables == [
                "workspace_group_acl: clustered", "workspace_group_acl_group: rowid", "workspace_user_acl: clustered",
                "workspace_user_acl_user: rowid",
            ])
        let version = try await database.read {
            try await $0.first("SELECT MAX(version) FROM atrium_schema", [])?.int(0)
        }
        #expect(version == 5, "migrations 6 and 7 are what today's store added above")
        let upgraded = try #require(try await store.workspace(id: api.id))
        #expect(upgraded.users.map { "\($0.user.username):\($0.role)" } == ["bob:use", "carol:admin"])
        #expect(upgraded.groups.map { "\($0.group.name):\($0.role)" } == ["qa:admin"])
        #expect(upgraded.groups.first?.group.members.map(\.username) == ["bob"])
        #expect(try await store.workspace(id: web.id)?.users.map(\.user.username) == ["carol"])

        try await database.transaction { try await $0.execute("DELETE FROM workspaces WHERE id = ?", [.text(api.id)]) }
        let left = try await database.read { connection in
            try await connection.first(
                "SELECT (SELECT COUNT(*) FROM workspace_user_acl) + (SELECT COUNT(*) FROM workspace_group_acl)", [])?
                .int(0)
        }
        #expect(left == 1, "the deleted workspace's grants went with it; web's stays")
        try await database.close()
    }

    /// Migration 6 gives every existing template Coder Enterprise's default widest port share
    /// level (`owner`) and adds the port shares table; migration 7 the Everyone group.
    @Test func existingTemplatesKeepPortsPrivateAfterTheUpgrade() async throws {
        let path = Self.databasePath()
        defer { Self.remove(path) }
        let database = try Self.open(path)
        try await Migrations.run(on: database, through: 5)
        try await database.transaction { connection in
            guard let organization = try await connection.first("SELECT id FROM organizations", [])?.string(0) else {
                throw MigrationTestError()
            }
            try await connection.execute(
                "INSERT INTO templates (id, organization_id, name, active_version_id, created_by, created_at, "
                    + "updated_at) VALUES ('t1', ?, 'go-dev', 'v1', '', 'now', 'now')",
                [.text(organization)])
        }
        let store = Store(database: database, baseURL: "http://atrium.test")
        try await store.migrate()
        #expect(try await store.templates(organizationID: nil).map(\.maxPortShareLevel) == ["owner"])
        let everyone = try await store.groups(organizationID: nil, memberID: nil)
        #expect(everyone.map(\.name) == ["Everyone"], "migration 7 gives the organization its Everyone group")
        #expect(everyone.first.map { $0.id == $0.organizationID } == true)
        let tables = try await database.read { connection in
            try await connection.query("SELECT name FROM sqlite_master WHERE name = 'workspace_port_shares'", []).count
        }
        #expect(tables == 1)
        try await database.close()
    }
}

struct MigrationTestError: Error {}

import Foundation

/// The server's schema, versioned. Each migration runs once, in a transaction, in order; the same
/// SQL works on SQLite and PostgreSQL, apart from the storage changes in `sqliteOnly`. Several
/// replicas starting at once are serialized by an advisory lock on PostgreSQL (SQLite serializes
/// write transactions already).
enum Migrations {
    /// One version of the schema: statements for both databases, or a change of how SQLite
    /// stores a table (on PostgreSQL its version is recorded with nothing to do).
    enum Migration {
        case shared([String])
        case sqliteOnly([String])

        func statements(for dialect: SQLDialect) -> [String] {
            switch self {
            case .shared(let statements): return statements
            case .sqliteOnly(let statements): return dialect == .sqlite ? statements : []
            }
        }
    }

    /// Rebuilds an ACL table of migration 1 as a WITHOUT ROWID table, its rows and index kept.
    private static func clustered(_ table: String, grantee: String, references: String, index: String) -> [String] {
        [
            """
            CREATE TABLE \(table)_new (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                \(grantee) TEXT NOT NULL REFERENCES \(references)(id) ON DELETE CASCADE,
                role TEXT NOT NULL, PRIMARY KEY (workspace_id, \(grantee))) WITHOUT ROWID
            """,
            "INSERT INTO \(table)_new (workspace_id, \(grantee), role) SELECT workspace_id, \(grantee), role "
                + "FROM \(table)",
            "DROP TABLE \(table)",
            "ALTER TABLE \(table)_new RENAME TO \(table)",
            "CREATE INDEX \(index) ON \(table) (\(grantee))",
        ]
    }

    static let all: [Migration] = [
        // 1: the initial schema.
        .shared([
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '', is_default BIGINT NOT NULL DEFAULT 0,
                sharing TEXT NOT NULL DEFAULT 'everyone', created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '', site_admin BIGINT NOT NULL DEFAULT 0,
                status TEXT NOT NULL DEFAULT 'active', created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE organization_members (
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL, PRIMARY KEY (organization_id, user_id))
            """,
            """
            CREATE TABLE api_tokens (
                hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE user_groups (
                id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL, display_name TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
                UNIQUE (organization_id, name))
            """,
            """
            CREATE TABLE group_members (
                group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id))
            """,
            "CREATE INDEX group_members_user ON group_members (user_id)",
            """
            CREATE TABLE templates (
                id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL, display_name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
                parameters TEXT NOT NULL DEFAULT '', active_version_id TEXT NOT NULL UNIQUE,
                created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                UNIQUE (organization_id, name))
            """,
            """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                template_id TEXT NOT NULL REFERENCES templates(id), name TEXT NOT NULL,
                parameters TEXT NOT NULL DEFAULT '', admission TEXT NOT NULL DEFAULT 'owner',
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (owner_id, name))
            """,
            """
            CREATE TABLE workspace_user_acl (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL, PRIMARY KEY (workspace_id, user_id))
            """,
            "CREATE INDEX workspace_user_acl_user ON workspace_user_acl (user_id)",
            """
            CREATE TABLE workspace_group_acl (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
                role TEXT NOT NULL, PRIMARY KEY (workspace_id, group_id))
            """,
            "CREATE INDEX workspace_group_acl_group ON workspace_group_acl (group_id)",
            """
            CREATE TABLE snapshots (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                name TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (workspace_id, name))
            """,
        ]),
        // 2: service accounts (Coder's `is_service_account` users).
        .shared([
            "CREATE TABLE service_accounts (user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE)"
        ]),
        // 3: listings walk each owner's workspaces by name and want only their ids: a covering
        // index, so that the rows a page's OFFSET skips are read from the index alone.
        .shared([
            "CREATE INDEX workspaces_owner_name_id ON workspaces (owner_id, name, id)"
        ]),
        // 4: the ACL tables clustered by their primary key (WITHOUT ROWID): a workspace's grants
        // sit together with their roles, read with one seek instead of an index entry and a row
        // each, and written without a separate key index.
        .sqliteOnly(
            clustered("workspace_user_acl", grantee: "user_id", references: "users", index: "workspace_user_acl_user")
                + clustered(
                    "workspace_group_acl", grantee: "group_id", references: "user_groups",
                    index: "workspace_group_acl_group")),
        // 5: template ACLs (enterprise/coderd/templates.go): users and groups with `use` or
        // `admin` on a template. The Everyone group (id = the organization's id) has `use` on
        // every template unless removed, as Coder gives it at creation.
        .shared([
            templateACLTable,
            """
            INSERT INTO template_acl (template_id, kind, subject_id, role)
            SELECT t.id, 'group', t.organization_id, 'use' FROM templates t WHERE NOT EXISTS
                (SELECT 1 FROM template_acl a WHERE a.template_id = t.id AND a.kind = 'group' AND a.subject_id
                = t.organization_id)
            """,
        ]),
        // 6: port sharing (coderd/workspaceportshare.go): an agent's port shared at a level over
        // a protocol, one row per agent and port; and each template's widest level, `owner` for
        // a new template as on Coder Enterprise (enterprise/coderd/portsharing).
        .shared([
            templatePortShareColumn,
            """
            CREATE TABLE workspace_port_shares (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                agent_name TEXT NOT NULL, port BIGINT NOT NULL, share_level TEXT NOT NULL, protocol TEXT NOT NULL,
                PRIMARY KEY (workspace_id, agent_name, port))
            """,
        ]),
        // 7: the Everyone group as Coder keeps it: a row of user_groups whose id is its
        // organization's, with no rows in group_members; its members are the organization's, as
        // Coder's group_members_expanded view gives them, which every membership read goes through.
        .shared([groupMembersView, everyoneGroups]),
        // 8: a user's organizations, asked of every user shown (`/users/me`, `/users/{user}`, a
        // page of users) and of the Everyone group's members: by user without scanning every
        // membership.
        .shared(["CREATE INDEX organization_members_user ON organization_members (user_id)"]),
    ]

    /// Migration 7's view: explicit memberships, and every organization member in its Everyone
    /// group (a test that seeds an older schema with today's store makes it first).
    package static let groupMembersView = """
        CREATE VIEW group_members_expanded AS
            SELECT group_id, user_id FROM group_members
            UNION ALL SELECT organization_id AS group_id, user_id FROM organization_members
        """

    /// Every organization's Everyone group, where it is missing.
    static let everyoneGroups = """
        INSERT INTO user_groups (id, organization_id, name, display_name, created_at)
        SELECT o.id, o.id, 'Everyone', '', o.created_at FROM organizations o
        WHERE NOT EXISTS (SELECT 1 FROM user_groups g WHERE g.id = o.id)
        """

    /// Migration 6's column (a test that seeds an older schema with today's store adds it first).
    package static let templatePortShareColumn =
        "ALTER TABLE templates ADD COLUMN max_port_share_level TEXT NOT NULL DEFAULT 'owner'"

    /// Migration 5's table (`IF NOT EXISTS`: a test that seeds an older schema with today's
    /// store makes it first).
    package static let templateACLTable = """
        CREATE TABLE IF NOT EXISTS template_acl (
            template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, subject_id TEXT NOT NULL, role TEXT NOT NULL,
            PRIMARY KEY (template_id, kind, subject_id))
        """

    /// Brings the schema up to date (or to version `last`) and makes sure the `default`
    /// organization exists.
    static func run(on database: any SQLDatabase, through last: Int? = nil) async throws {
        try await database.transaction { connection in
            if database.dialect == .postgres {
                try await connection.execute("SELECT pg_advisory_xact_lock(7080)")
            }
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS atrium_schema (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
            let current =
                try await connection.first("SELECT COALESCE(MAX(version), 0) FROM atrium_schema", [])?.int(0) ?? 0
            for (index, migration) in all.enumerated() where index + 1 > current && index + 1 <= last ?? all.count {
                for statement in migration.statements(for: database.dialect) { try await connection.execute(statement) }
                try await connection.execute(
                    "INSERT INTO atrium_schema (version, applied_at) VALUES (?, ?)",
                    [SQLValue(index + 1), .text(ServerClock.now())])
            }
            let now = ServerClock.now()
            try await connection.execute(
                "INSERT INTO organizations (id, name, display_name, is_default, created_at, updated_at) VALUES "
                    + "(?, 'default', 'Default', 1, ?, ?) ON CONFLICT (name) DO NOTHING",
                [.text(UUID().uuidString.lowercased()), .text(now), .text(now)])
            if max(current, last ?? all.count) >= 7 { try await connection.execute(everyoneGroups) }
        }
    }
}

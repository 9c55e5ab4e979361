import AtriumCore
import Foundation
package import Logging

/// The reference server's state and rules, over either database.
///
/// Every write is one transaction; reads that the rules depend on happen inside it.
package struct Store: Sendable {
    package let database: any SQLDatabase
    /// The server's public URL, for share and snapshot links.
    package let baseURL: String
    /// The wildcard host workspace apps and shared ports are served under (`*.apps.example.com`;
    /// empty for none, Coder's default), as `GET /applications/host` tells it.
    package let wildcardHost: String
    private let tokens = TokenCache()

    package init(database: any SQLDatabase, baseURL: String, wildcardHost: String = "") {
        self.database = database
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.wildcardHost = Self.host(ofWildcard: wildcardHost)
    }

    /// `*.apps.example.com` from that or from `https://*.apps.example.com/`.
    static func host(ofWildcard text: String) -> String {
        var host = Substring(text)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        while host.hasSuffix("/") { host = host.dropLast() }
        return String(host)
    }

    /// Opens the database at `url` (`sqlite:PATH` or `postgres://...`) and brings its schema up
    /// to date: how `atrium serve`, `atrium token` and the tests get a store.
    package static func open(_ url: String, baseURL: String, wildcardHost: String = "", logger: Logger) async throws
        -> Store
    {
        let store = Store(
            database: try ReferenceServer.openDatabase(url, logger: logger), baseURL: baseURL,
            wildcardHost: wildcardHost)
        try await store.migrate()
        return store
    }

    /// Creates or upgrades the schema.
    package func migrate() async throws {
        try await Migrations.run(on: database)
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// Whether `text` is a UUID as Foundation's `UUID(uuidString:)` reads one (8-4-4-4-12 hex
    /// digits, either case), checked byte by byte: Foundation's parse goes through `sscanf`, and
    /// every id of every request is checked.
    static func isUUID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 36 else { return false }
            for (index, byte) in bytes.enumerated() {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard byte == UInt8(ascii: "-") else { return false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                    UInt8(ascii: "A")...UInt8(ascii: "F"):
                    continue
                default: return false
                }
            }
            return true
        }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// `count` placeholders, or with `orNone` and none, `NULL` (so that `x IN (NULL)` matches nothing).
    static func placeholders(_ count: Int, orNone: Bool) -> String {
        count == 0 && orNone ? "NULL" : placeholders(count)
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private static let decoder = JSONDecoder()

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        return try? decoder.decode(type, from: Data(text.utf8))
    }

    /// A stored JSON object of strings (a workspace's parameters), read in place: every read of
    /// a build's parameters decodes one, and Foundation's decoder maps the document first.
    static func stringMap(_ text: String) -> [String: String]? {
        var reader = JSONReader(Array(text.utf8))
        var map: [String: String] = [:]
        do {
            try reader.object { reader, key in map[try reader.name(key)] = try reader.string() }
            try reader.finish()
        } catch {
            return nil
        }
        return map
    }

    // MARK: - Users and tokens

    static let userColumns = "u.id, u.username, u.email, u.name, u.site_admin, u.status, u.created_at, u.updated_at"

    static func user(_ row: SQLRow, at offset: Int = 0) -> UserRecord {
        UserRecord(
            id: row.string(offset), username: row.string(offset + 1), email: row.string(offset + 2),
            name: row.string(offset + 3),
            siteAdmin: row.bool(offset + 4), status: row.string(offset + 5), createdAt: row.string(offset + 6),
            updatedAt: row.string(offset + 7))
    }

    /// The user a token belongs to.
    package func user(forToken token: String) async throws -> UserRecord? {
        let hash = TokenHash.hex(of: token)
        if let cached = tokens.user(for: hash) { return cached }
        let user = try await database.read { connection in
            try await connection.first(
                "SELECT \(Self.userColumns) FROM api_tokens k JOIN users u ON u.id = k.user_id WHERE k.hash = ?",
                [.text(hash)]
            )
            .map { Self.user($0) }
        }
        if let user { tokens.store(user, for: hash) }
        return user
    }

    /// Forgets the users cached for tokens.
    func forgetTokens() { tokens.removeAll() }

    /// A new random token for the user; only its hash is stored.
    package func createToken(userID: String) async throws -> String {
        let token = TokenHash.newToken()
        try await database.transaction { connection in
            try await connection.execute(
                "INSERT INTO api_tokens (hash, user_id, created_at) VALUES (?, ?, ?)",
                [.text(TokenHash.hex(of: token)), .text(userID), .text(ServerClock.now())])
        }
        return token
    }

    package func tokenCount(userID: String) async throws -> Int {
        try await database.read { connection in
            try await connection.first("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", [.text(userID)])?.int(0)
                ?? 0
        }
    }

    /// A user by UUID or username.
    package func user(_ reference: String) async throws -> UserRecord? {
        try await database.read { connection in try await Self.user(reference, on: connection) }
    }

    static func user(_ reference: String, on connection: any SQLConnection) async throws -> UserRecord? {
        let column = isUUID(reference) ? "u.id" : "u.username"
        let key = isUUID(reference) ? reference.lowercased() : reference
        return try await connection.first("SELECT \(userColumns) FROM users u WHERE \(column) = ?", [.text(key)]).map {
            user($0)
        }
    }

    /// The organizations of many users, in one query.
    package func organizationIDs(userIDs: [String]) async throws -> [String: [String]] {
        guard !userIDs.isEmpty else { return [:] }
        return try await database.read { connection in
            var result: [String: [String]] = [:]
            for row in try await connection.query(
                "SELECT user_id, organization_id FROM organization_members WHERE user_id IN "
                    + "(\(Self.placeholders(userIDs.count))) ORDER BY organization_id",
                userIDs.map { .text($0) })
            {
                result[row.string(0), default: []].append(row.string(1))
            }
            return result
        }
    }

    package func organizationIDs(userID: String) async throws -> [String] {
        try await database.read { connection in
            try await connection.query(
                "SELECT organization_id FROM organization_members WHERE user_id = ? ORDER BY organization_id",
                [.text(userID)]
            ).map { $0.string(0) }
        }
    }

    /// Users matching Coder's `q`: free text matches username or email; `status:` and
    /// `role:owner` (site admins) filter.
    package func users(query: String, limit: Int, offset: Int) async throws -> (users: [UserRecord], count: Int) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        for term in query.split(separator: " ") where !term.isEmpty {
            let parts = term.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                switch parts[0] {
                case "status":
                    conditions.append("u.status = ?")
                    binds.append(.text(parts[1]))
                case "role":
                    conditions.append(parts[1] == "owner" ? "u.site_admin = 1" : "1 = 0")
                case "username":
                    conditions.append("u.username = ?")
                    binds.append(.text(parts[1]))
                default:
                    throw APIError.badRequest(
                        "Invalid user search query.", field: parts[0],
                        detail: "Query param \"\(parts[0])\" is not a valid query param")
                }
            } else {
                conditions.append("(LOWER(u.username) LIKE ? ESCAPE '\\' OR LOWER(u.email) LIKE ? ESCAPE '\\')")
                let pattern = SearchQuery.likeContains(term.lowercased())
                binds += [.text(pattern), .text(pattern)]
            }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await database.read { [binds] connection in
            let count = try await connection.first("SELECT COUNT(*) FROM users u \(whereClause)", binds)?.int(0) ?? 0
            let rows = try await connection.query(
                "SELECT \(Self.userColumns) FROM users u \(whereClause) ORDER BY u.username LIMIT ? OFFSET ?",
                binds + [SQLValue(limit), SQLValue(offset)])
            return (rows.map { Self.user($0) }, count)
        }
    }

    /// Creates a user, a member of the given organizations (the default one when none).
    package func createUser(username: String, email: String, name: String, siteAdmin: Bool, organizationIDs: [String])
        async throws -> UserRecord
    {
        let id = Self.newID()
        let now = ServerClock.now()
        try await database.transaction { connection in
            if try await connection.first("SELECT 1 FROM users WHERE username = ?", [.text(username)]) != nil {
                throw APIError.conflict("User already exists.", field: "username")
            }
            try await connection.execute(
                "INSERT INTO users (id, username, email, name, site_admin, status, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'active', ?, ?)",
                [.text(id), .text(username), .text(email), .text(name), SQLValue(siteAdmin), .text(now), .text(now)])
            var organizations = organizationIDs
            if organizations.isEmpty {
                organizations = try await connection.query("SELECT id FROM organizations WHERE is_default = 1", []).map
                { $0.string(0) }
            }
            for organization in organizations {
                guard
                    try await connection.first("SELECT 1 FROM organizations WHERE id = ?", [.text(organization)]) != nil
                else {
                    throw APIError.badRequest(
                        "Organization does not exist.", field: "organization_ids",
                        detail: "no organization with ID \(organization)")
                }
                try await connection.execute(
                    "INSERT INTO organization_members (organization_id, user_id, created_at) VALUES (?, ?, ?)",
                    [.text(organization), .text(id), .text(now)])
            }
        }
        return UserRecord(
            id: id, username: username, email: email, name: name, siteAdmin: siteAdmin, status: "active",
            createdAt: now, updatedAt: now)
    }

    // MARK: - Organizations

    static let organizationColumns =
        "o.id, o.name, o.display_name, o.description, o.is_default, o.sharing, o.created_at, o.updated_at"

    static func organization(_ row: SQLRow) -> OrganizationRecord {
        OrganizationRecord(
            id: row.string(0), name: row.string(1), displayName: row.string(2), description: row.string(3),
            isDefault: row.bool(4), sharing: row.string(5), createdAt: row.string(6), updatedAt: row.string(7))
    }

    /// An organization by UUID or name.
    package func organization(_ reference: String) async throws -> OrganizationRecord? {
        try await database.read { connection in try await Self.organization(reference, on: connection) }
    }

    /// An organization as Coder reads the `{organization}` of a path
    /// (coderd/httpmw/organizationparam.go): `default` (and the nil UUID, for old provisioners)
    /// is the default organization whatever its name; otherwise a UUID or a name.
    package func organization(pathParameter reference: String) async throws -> OrganizationRecord? {
        guard reference == "default" || reference == "00000000-0000-0000-0000-000000000000" else {
            return try await organization(reference)
        }
        return try await database.read { connection in
            try await connection.first(
                "SELECT \(Self.organizationColumns) FROM organizations o WHERE o.is_default = 1", []
            ).map(Self.organization)
        }
    }

    static func organization(_ reference: String, on connection: any SQLConnection) async throws -> OrganizationRecord?
    {
        let column = isUUID(reference) ? "o.id" : "o.name"
        let key = isUUID(reference) ? reference.lowercased() : reference
        return try await connection.first(
            "SELECT \(organizationColumns) FROM organizations o WHERE \(column) = ?", [.text(key)]
        ).map(organization)
    }

    package func members(organizationID: String) async throws -> [(user: UserRecord, joinedAt: String)] {
        try await database.read { connection in
            try await connection.query(
                "SELECT \(Self.userColumns), m.created_at FROM organization_members m JOIN users u ON u.id = "
                    + "m.user_id WHERE m.organization_id = ? ORDER BY u.username",
                [.text(organizationID)]
            ).map { (Self.user($0), $0.string(8)) }
        }
    }

    package func isMember(userID: String, organizationID: String) async throws -> Bool {
        try await database.read { connection in
            try await connection.first(
                "SELECT 1 FROM organization_members WHERE organization_id = ? AND user_id = ?",
                [.text(organizationID), .text(userID)]) != nil
        }
    }

    /// Sets whose workspaces may be shared. Switching to `none` removes every ACL entry and link
    /// share of the organization's workspaces, in the same transaction.
    package func setSharing(organizationID: String, to value: String) async throws -> OrganizationRecord {
        try await database.transaction { connection in
            try await connection.execute(
                "UPDATE organizations SET sharing = ?, updated_at = ? WHERE id = ?",
                [.text(value), .text(ServerClock.now()), .text(organizationID)])
            // Anything but `everyone` deletes the organization's ACLs, never restored (Coder);
            // `service_accounts` keeps those on workspaces service accounts own.
            if value != "everyone" {
                let keep =
                    value == "service_accounts" ? " AND owner_id NOT IN (SELECT user_id FROM service_accounts)" : ""
                let scope = "SELECT id FROM workspaces WHERE organization_id = ?\(keep)"
                try await connection.execute(
                    "DELETE FROM workspace_user_acl WHERE workspace_id IN (\(scope))", [.text(organizationID)])
                try await connection.execute(
                    "DELETE FROM workspace_group_acl WHERE workspace_id IN (\(scope))", [.text(organizationID)])
                try await connection.execute(
                    "UPDATE workspaces SET admission = 'owner' WHERE organization_id = ? AND admission <> "
                        + "'owner'\(keep)",
                    [.text(organizationID)])
            }
            guard let organization = try await Self.organization(organizationID, on: connection) else {
                throw APIError.notFound("organization \(organizationID)")
            }
            return organization
        }
    }

    // MARK: - Service accounts

    /// Marks a user as a service account (seeds only: Coder creates them as such).
    package func markServiceAccount(userID: String) async throws {
        try await database.transaction { connection in
            try await connection.execute(
                "INSERT INTO service_accounts (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING", [.text(userID)])
        }
    }

    /// Which of `ids` are service accounts.
    package func serviceAccounts(among ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await database.read { connection in
            Set(
                try await connection.query(
                    "SELECT user_id FROM service_accounts WHERE user_id IN (\(Self.placeholders(ids.count)))",
                    ids.map { .text($0) }
                ).map { $0.string(0) })
        }
    }
}

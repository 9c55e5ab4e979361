/// The few SQL differences between the two databases that the store must know about.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// Row locks on the tables of a join, in PostgreSQL's words: `[("w", .update), ("o", .share)]`
    /// is ` FOR UPDATE OF w FOR SHARE OF o`. Nothing on SQLite, where a write transaction
    /// excludes every other.
    package func locking(_ locks: [(table: String, mode: RowLock)]) -> String {
        guard self == .postgres else { return "" }
        return locks.map { " FOR \($0.mode.rawValue) OF \($0.table)" }.joined()
    }
}

/// PostgreSQL's row lock modes that the store uses.
package enum RowLock: String, Sendable {
    /// Excludes every other lock: for read-check-write sequences on the row's dependents.
    case update = "UPDATE"
    /// Keeps the row from being deleted, and allows updates of its other columns.
    case keyShare = "KEY SHARE"
    /// Keeps the row from changing until the transaction ends; shared with other readers.
    case share = "SHARE"
}

/// A connection inside a read or a transaction. Statements use `?` placeholders.
package protocol SQLConnection: Sendable {
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    func execute(_ sql: String, _ binds: [SQLValue]) async throws
    /// Runs statements in order (SQLite: in one trip to its writer).
    func executeAll(_ statements: [(sql: String, binds: [SQLValue])]) async throws
}

extension SQLConnection {
    package func execute(_ sql: String) async throws { try await execute(sql, []) }
    package func executeAll(_ statements: [(sql: String, binds: [SQLValue])]) async throws {
        for statement in statements { try await execute(statement.sql, statement.binds) }
    }
    package func first(_ sql: String, _ binds: [SQLValue]) async throws -> SQLRow? {
        try await query(sql, binds).first
    }
}

/// A database the reference server can keep its state in: SQLite (one server) or PostgreSQL
/// (several replicas). The protocol exists because both implementations do.
package protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` outside a write transaction.
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Closes connections.
    func close() async throws
}

/// Database failures the store turns into API responses.
package enum SQLDatabaseError: Error, Sendable, CustomStringConvertible {
    /// A UNIQUE constraint failed (a concurrent create won the race).
    case uniqueViolation(String)
    /// The database URL cannot be used.
    case invalidURL(String)

    package var description: String {
        switch self {
        case .uniqueViolation(let detail): return "unique constraint violated: \(detail)"
        case .invalidURL(let detail): return detail
        }
    }
}

/// The few SQL differences between the two databases that the store must know about.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// Locks the selected rows until the transaction ends (PostgreSQL); SQLite serializes every
    /// write transaction already.
    public var forUpdate: String { self == .postgres ? " FOR UPDATE" : "" }

    /// Locks only the rows of `table` in a join.
    public func forUpdate(of table: String) -> String { self == .postgres ? " FOR UPDATE OF \(table)" : "" }
}

/// A connection inside a read or a transaction. Statements use `?` placeholders.
public protocol SQLConnection: Sendable {
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    func execute(_ sql: String, _ binds: [SQLValue]) async throws
}

extension SQLConnection {
    public func execute(_ sql: String) async throws { try await execute(sql, []) }
    public func first(_ sql: String, _ binds: [SQLValue]) async throws -> SQLRow? {
        try await query(sql, binds).first
    }
}

/// A database the reference server can keep its state in: SQLite (one server) or PostgreSQL
/// (several replicas). The protocol exists because both implementations do.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` outside a write transaction.
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Closes connections.
    func close() async throws
}

/// Database failures the store turns into API responses.
public enum SQLDatabaseError: Error, Sendable, CustomStringConvertible {
    /// A UNIQUE constraint failed (a concurrent create won the race).
    case uniqueViolation(String)
    /// The database URL cannot be used.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .uniqueViolation(let detail): return "unique constraint violated: \(detail)"
        case .invalidURL(let detail): return detail
        }
    }
}

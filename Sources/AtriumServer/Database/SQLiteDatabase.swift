import GRDB

/// SQLite through GRDB, in WAL mode: concurrent readers, one writer.
///
/// Write transactions are serialized by an ``AsyncLock`` and span several GRDB accesses (the
/// store's transaction bodies are async), which is why `allowsUnsafeTransactions` is on: the lock,
/// not GRDB, guarantees that a transaction is always finished by the task that began it.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private let pool: DatabasePool
    private let writeLock = AsyncLock()

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Pages read through a memory map rather than a pread() copy each (measured: 11% of a
            // 100,000-workspace listing's time was in pread).
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await body(Reader(pool: pool))
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            let writer = Writer(pool: pool)
            try await writer.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(writer)
                try await writer.execute("COMMIT")
                return result
            } catch {
                try? await writer.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func close() async throws {
        try pool.close()
    }

    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(binds.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let text): return text
            case .int(let int): return int
            case .null: return nil
            }
        })
    }

    static func rows(_ db: Database, _ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        do {
            // Cached statements: the server runs the same few dozen statements over and over.
            let statement = try db.cachedStatement(sql: sql)
            // A cursor reads each row in place; fetchAll copies every row (and its column names) first.
            let cursor = try Row.fetchCursor(statement, arguments: arguments(binds))
            var rows: [SQLRow] = []
            while let row = try cursor.next() {
                var values: [SQLValue] = []
                values.reserveCapacity(row.count)
                for index in 0..<row.count {
                    // By index: iterating the row pairs every value with its column's name.
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .null: values.append(.null)
                    case .int64(let int): values.append(.int(int))
                    case .double(let double): values.append(.int(Int64(double)))
                    case .string(let string): values.append(.text(string))
                    case .blob(let data): values.append(.text(String(decoding: data, as: UTF8.self)))
                    }
                }
                rows.append(SQLRow(values))
            }
            return rows
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw SQLDatabaseError.uniqueViolation(error.message ?? "")
        }
    }

    private struct Reader: SQLConnection {
        let pool: DatabasePool
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            // One statement needs no transaction around it; skipping BEGIN/COMMIT halves the work.
            try await pool.unsafeRead { db in try SQLiteDatabase.rows(db, sql, binds) }
        }
        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            _ = try await query(sql, binds)
        }
    }

    private struct Writer: SQLConnection {
        let pool: DatabasePool
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try await pool.writeWithoutTransaction { db in try SQLiteDatabase.rows(db, sql, binds) }
        }
        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            _ = try await query(sql, binds)
        }
    }
}

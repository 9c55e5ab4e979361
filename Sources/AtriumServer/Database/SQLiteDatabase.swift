import GRDB
import GRDBSQLite
import Synchronization

/// SQLite through GRDB, in WAL mode: concurrent readers, one writer.
///
/// Write transactions are serialized by an ``AsyncLock`` and span several GRDB accesses (the
/// store's transaction bodies are async), which is why `allowsUnsafeTransactions` is on: the lock,
/// not GRDB, guarantees that a transaction is always finished by the task that began it.
package final class SQLiteDatabase: SQLDatabase {
    package let dialect = SQLDialect.sqlite
    private let pool: DatabasePool
    private let readers: SQLiteReaders
    private let writeLock = AsyncLock()

    package init(path: String) throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Pages read through a memory map (up to 256 MiB, which counts in the resident size)
            // rather than a pread() copy each: a large listing reads many pages.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        readers = SQLiteReaders(path: path)
    }

    package func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await body(Reader(readers: readers))
    }

    package func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            // BEGIN rides with the first statement: one trip to GRDB's writer fewer while the
            // write lock is held (every write waits for it).
            let writer = Writer(pool: pool)
            do {
                let result = try await body(writer)
                if writer.began { try await writer.execute("COMMIT") }
                return result
            } catch {
                if writer.began { try? await writer.execute("ROLLBACK") }
                throw error
            }
        }
    }

    package func close() async throws {
        readers.close()
        try pool.close()
    }

    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(
            binds.map { value -> (any DatabaseValueConvertible)? in
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
            // Each value straight from SQLite's C API on the current row: GRDB's `row[index]` decodes
            // through generic conversions whose metadata lookups cost more than the read itself.
            let handle = statement.sqliteStatement
            var rows: [SQLRow] = []
            while try cursor.next() != nil { rows.append(row(handle)) }
            return rows
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw SQLDatabaseError.uniqueViolation(error.message ?? "")
        }
    }

    /// The statement's current row. Its columns are counted on the row: a step after a schema
    /// change prepares the statement again, and `SELECT *` may then have more columns than before.
    static func row(_ handle: OpaquePointer) -> SQLRow {
        let count = sqlite3_data_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count { values.append(value(handle, index)) }
        return SQLRow(values)
    }

    /// Column `index` of the statement's current row: integers (and the rare real) as `.int`,
    /// text and blobs as `.text`.
    static func value(_ handle: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .int(Int64(sqlite3_column_double(handle, index)))
        default:
            // sqlite3_column_text before sqlite3_column_bytes, as SQLite's documentation asks.
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(
                String(
                    decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))),
                    as: UTF8.self))
        }
    }

    /// Reads: each statement on the calling thread, through a connection of its own that only
    /// reads (see ``SQLiteReaders``). One statement needs no transaction around it.
    private struct Reader: SQLConnection {
        let readers: SQLiteReaders
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try readers.rows(sql, binds)
        }
        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            _ = try await query(sql, binds)
        }
    }

    /// The connection of one write transaction, used by the one task holding the write lock.
    private final class Writer: SQLConnection, Sendable {
        let pool: DatabasePool
        private let begun = Mutex(false)

        init(pool: DatabasePool) { self.pool = pool }

        var began: Bool { begun.withLock { $0 } }

        /// Whether this statement must open the transaction first.
        private func opening() -> Bool {
            begun.withLock { begun in
                defer { begun = true }
                return !begun
            }
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try write([(sql, binds)])
        }

        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            _ = try write([(sql, binds)])
        }

        func executeAll(_ statements: [(sql: String, binds: [SQLValue])]) async throws {
            _ = try write(statements)
        }

        /// Statements on the writer connection, on the calling thread (the rows of the last): the
        /// write lock is held by this transaction's task alone, so the writer's queue is free and
        /// GRDB runs the block in place rather than hopping to its queue and back (see
        /// `Reader.read`). Only another process holding the file's write lock (a second server on
        /// the same file, which is not supported, or a `sqlite3` shell) makes `BEGIN IMMEDIATE`
        /// wait, for SQLite's busy timeout at most, on this thread.
        private func write(_ statements: [(sql: String, binds: [SQLValue])]) throws -> [SQLRow] {
            let open = opening()
            return try pool.writeWithoutTransaction { db in
                if open { try db.execute(sql: "BEGIN IMMEDIATE") }
                var rows: [SQLRow] = []
                for statement in statements { rows = try SQLiteDatabase.rows(db, statement.sql, statement.binds) }
                return rows
            }
        }
    }
}

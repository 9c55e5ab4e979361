import GRDBSQLite
import Synchronization

/// Read-only SQLite connections for single statements, taken from a free list by the thread that
/// runs the statement and given back after it.
///
/// A read through GRDB's `DatabasePool` takes a reader through a semaphore, a dispatch group and
/// a barrier queue, runs the block on the reader's serial queue, and checks the schema version:
/// a wake-up of another thread whenever two reads meet, on a server whose every request is one
/// read. Here a read is a lock to pop a connection, SQLite's calls, and a lock to push it back.
/// Each connection keeps its prepared statements (the server runs the same few dozen texts).
/// In WAL mode these readers wait for no writer; GRDB's pool still runs the migrations and
/// every write.
final class SQLiteReaders: Sendable {
    /// Connections kept for reuse; more may be open at once (one per thread reading), and those
    /// beyond this are closed when given back.
    static let kept = 16

    private let path: String
    private let state = Mutex<(free: [SQLiteReadConnection], closed: Bool)>(([], false))

    init(path: String) { self.path = path }

    /// The rows of one statement, run on the calling thread.
    func rows(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let connection = try take()
        defer { give(connection) }
        return try connection.rows(sql, binds)
    }

    /// How many connections are kept for reuse now.
    var idle: Int { state.withLock { $0.free.count } }

    /// Closes the kept connections; a read after this throws.
    func close() {
        let free = state.withLock { state in
            state.closed = true
            defer { state.free = [] }
            return state.free
        }
        _ = free  // closed by their deinit, outside the lock
    }

    private func take() throws -> SQLiteReadConnection {
        let reused = try state.withLock { state -> SQLiteReadConnection? in
            guard !state.closed else { throw SQLiteReadError(what: "the database is closed", code: SQLITE_MISUSE) }
            return state.free.popLast()
        }
        if let reused { return reused }
        return try SQLiteReadConnection(path: path)
    }

    private func give(_ connection: SQLiteReadConnection) {
        let extra = state.withLock { state -> SQLiteReadConnection? in
            guard !state.closed, state.free.count < Self.kept else { return connection }
            state.free.append(connection)
            return nil
        }
        _ = extra  // a connection not kept is closed by its deinit, outside the lock
    }
}

/// One SQLite connection that only reads, with its prepared statements. Used by one thread at a
/// time: `SQLiteReaders` hands it out from its free list under a lock, and takes it back the
/// same way, so no two threads hold it at once (which is why it may cross threads although
/// SQLite's connection is not shared: it is opened `SQLITE_OPEN_NOMUTEX`).
final class SQLiteReadConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws {
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(
            path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw SQLiteReadError(what: "cannot open \(path) to read: \(message)", code: code)
        }
        handle = opened
        // The writer's busy timeout (`SQLiteDatabase`): a reader waits only while SQLite
        // recovers the WAL index after a crash.
        sqlite3_busy_timeout(handle, 10_000)
        for pragma in ["PRAGMA query_only = ON", "PRAGMA mmap_size = 268435456"] {
            let result = sqlite3_exec(handle, pragma, nil, nil, nil)
            guard result == SQLITE_OK else { throw error(result, "cannot set up a reader (\(pragma))") }
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Statements kept prepared, at most: a text that varies with its input (an `IN (...)` list
    /// of any length) is prepared for one use once this many are kept.
    static let keptStatements = 256

    /// How many statements this connection keeps prepared.
    var keptStatementCount: Int { statements.count }

    func rows(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let (statement, kept) = try prepared(sql)
        defer {
            if kept {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            } else {
                sqlite3_finalize(statement)
            }
        }
        try bind(binds, to: statement)
        var rows: [SQLRow] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw error(step, "cannot read") }
            rows.append(SQLiteDatabase.row(statement))
        }
    }

    /// The statement for `sql`, and whether it is kept (else the caller finalizes it).
    private func prepared(_ sql: String) throws -> (statement: OpaquePointer, kept: Bool) {
        if let statement = statements[sql] { return (statement, true) }
        let keep = statements.count < Self.keptStatements
        var statement: OpaquePointer?
        let flags = keep ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(code, "cannot prepare a statement")
        }
        if keep { statements[sql] = statement }
        return (statement, keep)
    }

    private func bind(_ binds: [SQLValue], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            // The length in bytes, not up to a NUL: a text may hold one.
            case .text(let text):
                code = sqlite3_bind_text(statement, index, text, Int32(text.utf8.count), Self.transient)
            case .int(let int): code = sqlite3_bind_int64(statement, index, int)
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw error(code, "cannot bind parameter \(index)") }
        }
    }

    /// SQLite copies a bound text before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func error(_ code: Int32, _ what: String) -> SQLiteReadError {
        SQLiteReadError(what: "\(what): \(String(cString: sqlite3_errmsg(handle)))", code: code)
    }
}

/// A read that SQLite refused: what was asked, and SQLite's result code.
struct SQLiteReadError: Error, CustomStringConvertible {
    let what: String
    let code: Int32
    var description: String { "SQLite: \(what) (code \(code))" }
}

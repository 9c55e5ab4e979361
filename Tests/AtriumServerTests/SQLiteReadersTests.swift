import Foundation
import Synchronization
import Testing

@testable import AtriumServer

/// The reference server's SQLite reads: connections of their own beside GRDB's writer, over a
/// real database file in WAL mode.
@Suite struct SQLiteReadersTests {
    /// A migrated-free SQLite database with a table `t (n INTEGER)`; removed after `body`.
    static func withDatabase(_ body: (SQLiteDatabase, String) async throws -> Void) async throws {
        let path = MigrationsTests.databasePath()
        defer { MigrationsTests.remove(path) }
        let database = try SQLiteDatabase(path: path)
        try await database.transaction { try await $0.execute("CREATE TABLE t (n INTEGER NOT NULL)", []) }
        do {
            try await body(database, path)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    static func count(_ database: SQLiteDatabase) async throws -> Int {
        try await database.read { try await $0.query("SELECT count(*) FROM t", []) }.first?.int(0) ?? -1
    }

    /// A read waits for no writer and sees what was committed, never what a transaction still
    /// holds open.
    @Test func aReadSeesWhatWasCommittedAndNothingOpen() async throws {
        try await Self.withDatabase { database, _ in
            try await database.transaction { try await $0.execute("INSERT INTO t (n) VALUES (1)", []) }
            #expect(try await Self.count(database) == 1)
            try await database.transaction { connection in
                try await connection.execute("INSERT INTO t (n) VALUES (2)", [])
                #expect(try await Self.count(database) == 1)
            }
            #expect(try await Self.count(database) == 2)
        }
    }

    /// A statement a reader keeps prepared is prepared again after the schema changes: a
    /// migration that adds a column is seen by the next read of the same text.
    @Test func aKeptStatementFollowsASchemaChange() async throws {
        try await Self.withDatabase { database, _ in
            try await database.transaction { try await $0.execute("INSERT INTO t (n) VALUES (7)", []) }
            let before = try await database.read { try await $0.query("SELECT * FROM t", []) }
            #expect(before.map(\.values.count) == [1])
            try await database.transaction {
                try await $0.execute("ALTER TABLE t ADD COLUMN label TEXT NOT NULL DEFAULT 'x'", [])
            }
            let after = try await database.read { try await $0.query("SELECT * FROM t", []) }
            #expect(after.map(\.values.count) == [2])
            #expect(after.first?.string(1) == "x")
        }
    }

    /// SQLite's refusal is an error that says what was refused, and the connection that met it
    /// serves the next read, of the same statement too (it was reset).
    @Test func aRefusedReadLeavesTheReaderUsable() async throws {
        try await Self.withDatabase { _, path in
            let readers = SQLiteReaders(path: path)
            defer { readers.close() }
            #expect {
                try readers.rows("SELECT * FROM missing", [])
            } throws: { error in
                "\(error)".contains("no such table: missing")
            }
            // A run-time failure in the middle of a statement, then the same text again.
            let malformed = "SELECT json_extract(?, '$.a')"
            #expect(throws: SQLiteReadError.self) { try readers.rows(malformed, [.text("{not json")]) }
            let valid = try readers.rows(malformed, [.text(#"{"a": "b"}"#)])
            #expect(valid.first?.string(0) == "b")
            let kinds = try readers.rows("SELECT ?, ?, ?", [.int(3), .text("é\u{0}z"), .null])
            #expect(kinds.first?.values == [.int(3), .text("é\u{0}z"), .null])
            // Every placeholder is bound afresh: a value from the last run does not stay.
            #expect(throws: SQLiteReadError.self) { try readers.rows("SELECT ?", [.int(1), .int(2)]) }
            let unbound = try readers.rows("SELECT ?", [])
            #expect(unbound.first?.values == [.null])
        }
    }

    /// Reads on many threads at once each get their own rows, and the connections kept for
    /// reuse stay within `kept`.
    @Test func readsOnManyThreadsAtOnceEachGetTheirOwnRows() async throws {
        try await Self.withDatabase { database, path in
            try await database.transaction { connection in
                for n in 0..<50 { try await connection.execute("INSERT INTO t (n) VALUES (?)", [.int(Int64(n))]) }
            }
            let readers = SQLiteReaders(path: path)
            defer { readers.close() }
            let wrong = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 400) { index in
                let limit = index % 50
                let rows = (try? readers.rows("SELECT n FROM t WHERE n < ? ORDER BY n", [.int(Int64(limit))])) ?? []
                if rows.map({ $0.int(0) }) != Array(0..<limit) { wrong.withLock { $0 += 1 } }
            }
            #expect(wrong.withLock { $0 } == 0)
            #expect(readers.idle >= 1 && readers.idle <= SQLiteReaders.kept)
        }
    }

    /// A connection keeps at most `keptStatements` statements prepared: texts that vary with
    /// their input (lists of any length) are still run, each prepared for its one use.
    @Test func aConnectionKeepsABoundedNumberOfStatements() async throws {
        try await Self.withDatabase { _, path in
            let connection = try SQLiteReadConnection(path: path)
            let count = SQLiteReadConnection.keptStatements + 40
            for n in 0..<count {
                let placeholders = Array(repeating: "?", count: n + 1).joined(separator: ", ")
                let rows = try connection.rows(
                    "SELECT count(*) FROM (SELECT 1) WHERE 1 IN (\(placeholders))", (0...n).map { .int(Int64($0)) })
                #expect(rows.first?.int(0) == (n >= 1 ? 1 : 0), "list of \(n + 1)")
            }
            #expect(connection.keptStatementCount == SQLiteReadConnection.keptStatements)
            // A kept text is still answered from its kept statement, and a new one once more.
            let again = try connection.rows("SELECT count(*) FROM (SELECT 1) WHERE 1 IN (?, ?)", [.int(1), .int(2)])
            #expect(again.first?.int(0) == 1)
            let fresh = try connection.rows("SELECT ? || 'x'", [.text("a")])
            #expect(fresh.first?.string(0) == "ax")
            #expect(connection.keptStatementCount == SQLiteReadConnection.keptStatements)
        }
    }

    /// After `close`, a read is refused rather than opening a connection again.
    @Test func aReadAfterCloseIsRefused() async throws {
        try await Self.withDatabase { database, path in
            let readers = SQLiteReaders(path: path)
            let one = try readers.rows("SELECT 1", [])
            #expect(one.count == 1)
            readers.close()
            #expect(readers.idle == 0)
            #expect { try readers.rows("SELECT 1", []) } throws: { "\($0)".contains("closed") }
            _ = database
        }
    }
}

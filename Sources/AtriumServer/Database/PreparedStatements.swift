import AtriumCore
import PostgresNIO
import Synchronization

/// Which SQL texts the server runs as named prepared statements on PostgreSQL.
///
/// Parsing and planning took most of PostgreSQL's time per request (perf: `base_yyparse`,
/// `copyObjectImpl`, join costing), for statements that differ only in their parameters. A
/// prepared statement is parsed once per connection, and PostgreSQL reuses a generic plan after
/// a few executions. Statements whose text varies with their input (`IN (...)` lists of any
/// length) would each take backend memory on every connection, so at most `capacity` distinct
/// texts are prepared; the rest run unnamed, as before.
final class PreparedStatements: Sendable {
    static let capacity = 256

    /// How to run one SQL text: PostgreSQL's numbered form, and its statement name (nil: unnamed).
    struct Entry: Sendable {
        var sql: String
        var name: String?
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// How to run `sql` (with `?` placeholders) with parameters of these types. The types are part
    /// of the name: a statement is prepared with the types of its first use.
    func entry(for sql: String, types: [PostgresDataType]) -> Entry {
        let key = sql + "\u{0}" + types.map { String($0.rawValue) }.joined(separator: ",")
        if let entry = entries.withLock({ $0[key] }) { return entry }
        let entry = Entry(sql: Self.numbered(sql), name: "atrium_" + String(Hex.sha256(key).prefix(24)))
        return entries.withLock { entries in
            if let existing = entries[key] { return existing }
            guard entries.count < Self.capacity else { return Entry(sql: entry.sql, name: nil) }
            entries[key] = entry
            return entry
        }
    }

    /// Turns `?` placeholders into `$1`, `$2`, ... (Atrium's SQL has no `?` in literals).
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 8)
        var index = 0
        for character in sql.unicodeScalars {
            if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

/// One SQL text run as a named prepared statement through PostgresNIO's
/// `execute(_:logger:)`, which prepares it on a connection the first time that connection sees
/// its name. PostgresNIO asks for the statement's name and SQL through static properties; they
/// are read from a task-local set around the call, which PostgresNIO reads synchronously in the
/// calling task before anything is sent (PostgresConnection.execute builds its task from
/// `Statement.name` and `Statement.sql` first), so each call names its own statement.
struct DynamicStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        var name: String
        var sql: String
    }

    @TaskLocal static var current = Text(name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    typealias Row = PostgresRow
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

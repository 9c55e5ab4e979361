import AtriumCore
import Foundation
package import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// PostgreSQL through PostgresNIO's pooled client, for several server replicas sharing one
/// database. Row locks (`SELECT ... FOR UPDATE`) keep concurrent ACL changes from losing updates.
package final class PostgreSQLDatabase: SQLDatabase {
    package let dialect = SQLDialect.postgres
    /// One pool per event loop, its connections on that loop, so that a request's queries are
    /// written and answered on the thread that runs the request: a hop to another loop and back
    /// wakes a thread on the other core, which costs tens of µs on a VM (scripts/bench-machine.py).
    private let pools: [ObjectIdentifier: PostgresClient]
    private let anyPool: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    private let statements = PreparedStatements()

    /// `postgres://user:password@host:port/database` (or `postgresql://`); `sslmode=disable` is
    /// the only TLS mode supported, as the server is meant for a trusted network.
    package init(url: String, logger: Logger) throws {
        guard let parsed = PostgresURL(url) else {
            throw SQLDatabaseError.invalidURL(
                "`\(Self.redacted(url))` is not a postgres:// URL (write postgres://USER:PASSWORD@HOST:5432/DATABASE)")
        }
        var configuration =
            if let socket = parsed.socketPath {
                PostgresClient.Configuration(
                    unixSocketPath: socket, username: parsed.username, password: parsed.password,
                    database: parsed.database)
            } else {
                PostgresClient.Configuration(
                    host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
                    database: parsed.database, tls: .disable)
            }
        // Few connections: each is a PostgreSQL process competing for the same cores, and ACL changes
        // to one workspace queue on its row lock anyway (docs/benchmarks.md compares the counts).
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        let total = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        configuration.options.maximumConnections = max(2, total / max(1, loops.count))
        self.logger = logger
        let clients = loops.map { loop in
            (
                ObjectIdentifier(loop),
                PostgresClient(configuration: configuration, eventLoopGroup: loop, backgroundLogger: logger)
            )
        }
        pools = Dictionary(clients, uniquingKeysWith: { first, _ in first })
        anyPool = clients[0].1
        runTask = Task {
            await withDiscardingTaskGroup { group in
                for (_, client) in clients { group.addTask { await client.run() } }
            }
        }
    }

    /// The pool of the event loop running the caller, or the first pool off the loops.
    private var client: PostgresClient {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return anyPool }
        return pools[ObjectIdentifier(loop)] ?? anyPool
    }

    /// The URL with its password hidden, for messages.
    package static func redacted(_ url: String) -> String { PostgresURL.redacted(url) }

    package func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(Connection(connection: connection, logger: logger, statements: statements))
        }
    }

    package func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let wrapped = Connection(connection: connection, logger: logger, statements: statements)
            try await wrapped.execute("BEGIN")
            do {
                let result = try await body(wrapped)
                try await wrapped.execute("COMMIT")
                return result
            } catch {
                try? await wrapped.execute("ROLLBACK")
                throw error
            }
        }
    }

    package func close() async throws {
        runTask.cancel()
    }

    private struct Connection: SQLConnection, @unchecked Sendable {
        // @unchecked: the connection is used only inside the `withConnection` closure that lent
        // it, by the one task running that closure.
        let connection: PostgresConnection
        let logger: Logger
        let statements: PreparedStatements

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            var bindings = PostgresBindings(capacity: binds.count)
            var types: [PostgresDataType] = []
            types.reserveCapacity(binds.count)
            for value in binds {
                switch value {
                case .text(let text):
                    bindings.append(text)
                    types.append(.text)
                case .int(let int):
                    bindings.append(int)
                    types.append(.int8)
                case .null:
                    bindings.appendNull()
                    types.append(.null)
                }
            }
            let entry = statements.entry(for: sql, types: types)
            do {
                if let name = entry.name {
                    let rows = try await DynamicStatement.$current.withValue(.init(name: name, sql: entry.sql)) {
                        try await connection.execute(DynamicStatement(bindings: bindings), logger: logger)
                    }
                    return try await Self.collect(rows)
                }
                return try await Self.collect(
                    try await connection.query(PostgresQuery(unsafeSQL: entry.sql, binds: bindings), logger: logger))
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw SQLDatabaseError.uniqueViolation(error.serverInfo?[.message] ?? "")
            }
        }

        /// Reads every row: integers and booleans as `.int`, everything else as text.
        static func collect<Rows: AsyncSequence>(_ rows: Rows) async throws -> [SQLRow]
        where Rows.Element == PostgresRow {
            var result: [SQLRow] = []
            for try await row in rows {
                var values: [SQLValue] = []
                values.reserveCapacity(row.count)
                for cell in row {
                    if cell.bytes == nil {
                        values.append(.null)
                    } else if cell.dataType == .int8 || cell.dataType == .int4 || cell.dataType == .int2 {
                        values.append(.int(try cell.decode(Int64.self)))
                    } else if cell.dataType == .bool {
                        values.append(.int(try cell.decode(Bool.self) ? 1 : 0))
                    } else {
                        values.append(.text(try cell.decode(String.self)))
                    }
                }
                result.append(SQLRow(values))
            }
            return result
        }

        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            _ = try await query(sql, binds)
        }
    }
}

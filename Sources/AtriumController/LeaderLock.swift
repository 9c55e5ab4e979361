import AtriumCore
import Foundation
import Logging
import PostgresNIO

/// Leader election among replicas on a PostgreSQL advisory lock, held by one session: the
/// replica whose connection holds it leads; when that connection ends (the process died, the
/// network broke), PostgreSQL releases the lock and the next replica to ask takes it. Each
/// replica names itself in `application_name`, so the others can say who leads.
actor LeaderLock {
    enum Failure: Error, CustomStringConvertible {
        case invalidURL(String)
        var description: String {
            switch self {
            case .invalidURL(let url):
                return "--lock `\(url)` is not a postgres:// URL (write postgres://USER:PASSWORD@HOST:5432/DATABASE)"
            }
        }
    }

    /// The lock's two keys: Atrium's, and one for what is reconciled (remote, branch, path),
    /// so controllers of different repositories can share a database.
    nonisolated let keys: (Int32, Int32)
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private var connection: PostgresConnection?
    private var held = false
    private var nextID = 0
    /// While leading: listens for webhooks the standbys pass on.
    private var listening: Task<Void, Never>?
    private let onForwardedHook: @Sendable () -> Void

    init(url: String, identity: String, scope: String, logger: Logger, onForwardedHook: @escaping @Sendable () -> Void)
        throws
    {
        self.onForwardedHook = onForwardedHook
        guard let parsed = PostgresURL(url) else { throw Failure.invalidURL(PostgresURL.redacted(url)) }
        var configuration =
            if let socket = parsed.socketPath {
                PostgresConnection.Configuration(
                    unixSocketPath: socket, username: parsed.username, password: parsed.password,
                    database: parsed.database)
            } else {
                PostgresConnection.Configuration(
                    host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
                    database: parsed.database, tls: .disable)
            }
        configuration.options.additionalStartupParameters = [("application_name", Self.applicationName(identity))]
        self.configuration = configuration
        self.logger = logger
        keys = (0x4174_726D, Int32(bitPattern: (UInt32(Hex.sha256(scope).prefix(8), radix: 16) ?? 0) & 0x7FFF_FFFF))
    }

    /// Whether this replica leads now: confirms a held lock is still held (its session is
    /// alive), or tries to take it. Any database error means "not leading".
    func acquire() async -> Bool {
        do {
            let connection = try await connect()
            if held {
                try await connection.query("SELECT 1", logger: logger)
                return true
            }
            let rows = try await connection.query("SELECT pg_try_advisory_lock(\(keys.0), \(keys.1))", logger: logger)
            for try await taken in rows.decode(Bool.self) { held = taken }
            if held { listen(on: connection) }
            return held
        } catch {
            logger.warning("leader lock: \(String(reflecting: error).prefix(300))")
            await drop()
            return false
        }
    }

    /// The replica that holds the lock, as it named itself; `nil` when none does (or unknown).
    func holder() async -> String? {
        guard let connection = try? await connect() else { return nil }
        let sql: PostgresQuery = """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = \(Int64(keys.0))::oid AND l.objid =
            \(Int64(keys.1))::oid AND l.objsubid = 2
            """
        guard let rows = try? await connection.query(sql, logger: logger) else { return nil }
        var name: String?
        do { for try await value in rows.decode(String.self) { name = value } } catch { return nil }
        return name.map { $0.hasPrefix(Self.prefix) ? String($0.dropFirst(Self.prefix.count)) : $0 }
    }

    /// Passes a webhook a standby received to the leader (`NOTIFY`; the leader `LISTEN`s).
    func forwardHook() async -> Bool {
        do {
            try await connect().query(PostgresQuery(unsafeSQL: "NOTIFY \(channel)"), logger: logger)
            return true
        } catch {
            logger.warning("cannot pass the webhook to the leader: \(String(reflecting: error).prefix(300))")
            return false
        }
    }

    /// The notification channel: digits only, so it is a safe identifier.
    private nonisolated var channel: String { "atrium_controller_\(keys.1)" }

    private func listen(on connection: PostgresConnection) {
        listening?.cancel()
        let channel = channel
        let logger = logger
        let onForwardedHook = onForwardedHook
        listening = Task {
            do {
                try await connection.listen(on: channel) { notifications in
                    for try await _ in notifications { onForwardedHook() }
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("stopped listening for forwarded webhooks: \(String(reflecting: error).prefix(300))")
                }
            }
        }
    }

    /// Releases the lock by ending the session.
    func close() async {
        await drop()
    }

    private func connect() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        held = false
        nextID += 1
        let made = try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
        connection = made
        return made
    }

    private func drop() async {
        held = false
        listening?.cancel()
        listening = nil
        try? await connection?.close()
        connection = nil
    }

    private static let prefix = "atrium-controller "

    /// PostgreSQL keeps 63 bytes of it.
    private static func applicationName(_ identity: String) -> String {
        String((prefix + identity).utf8.prefix(63)) ?? prefix
    }
}

import Foundation

/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`), parsed; the password is
/// never shown (`redacted`). As libpq, `?host=/DIRECTORY` names a Unix-domain socket directory
/// instead of a TCP host and `?port=` gives the port
/// (`postgres://USER@/DATABASE?host=/var/run/postgresql`): the socket is `DIRECTORY/.s.PGSQL.PORT`,
/// for a database on the same machine.
public struct PostgresURL: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    /// The socket directory of `?host=/DIRECTORY`, when given.
    public var socketDirectory: String?

    /// The Unix-domain socket to connect to, when the URL names a socket directory.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    public init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { return nil }
        let directory = components.queryItems?.first { $0.name == "host" }?.value
        if let directory, !directory.hasPrefix("/") { return nil }
        socketDirectory = directory
        let host = components.host ?? ""
        if host.isEmpty && directory == nil { return nil }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.host = host.isEmpty ? "localhost" : host
        port = components.port ?? components.queryItems?.first { $0.name == "port" }?.value.flatMap { Int($0) } ?? 5432
        username = components.user ?? "postgres"
        password = components.password
        self.database = database.isEmpty ? nil : database
    }

    /// The URL with its password hidden, for messages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}

import Foundation

/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`), parsed; the password is
/// never shown (`redacted`).
public struct PostgresURL: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?

    public init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql", let host = components.host, !host.isEmpty
        else { return nil }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.host = host
        port = components.port ?? 5432
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

import ArgumentParser
import AtriumServer
import Foundation
import Logging

/// `atrium token`: a new session token for a user of the reference server, written straight to
/// its database (the server may be running). How a newcomer gets a member's token to try what
/// members may do, and how an operator gets a new admin token when the bootstrap one is lost.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mint a session token for a user of the reference server (printed once on stdout).",
        discussion: """
            Writes to the database `atrium serve` uses (SQLite or PostgreSQL), so it needs access to \
            that database, not a token: it is how a lost bootstrap admin token is replaced. With \
            --create-admin, a site admin of that name is created first when missing. Exit codes: 0 \
            the token was printed; 1 no such user, or the database cannot be opened.
            """)

    @Option(help: "The reference server's database: sqlite:PATH or postgres://... (as `atrium serve --database`).")
    var database: String = "sqlite:atrium.db"

    @Option(help: "The user the token is for (a username).")
    var user: String

    @Flag(help: "Create the user as a site admin when there is no user of that name.")
    var createAdmin = false

    func run() async throws {
        Logs.bootstrap()
        var logger = Logger(label: "atrium.token")
        logger.logLevel = .warning
        if database.hasPrefix("sqlite:") {
            // Opening a path that does not exist would create an empty database, and mint a token
            // that the running server (on its own database) rejects.
            let path = String(database.dropFirst("sqlite:".count))
            guard FileManager.default.fileExists(atPath: path) else {
                Terminal.standardError(
                    "error: there is no database at \(absolute(path)) (pass --database as `atrium serve` has it, "
                        + "e.g. --database sqlite:/srv/atrium/atrium.db)")
                throw ExitCode.error
            }
        }
        do {
            let store = try await Store.open(database, baseURL: "", logger: logger)
            let token = try await mint(store)
            try? await store.database.close()
            guard let token else {
                Terminal.standardError(
                    "error: no user `\(user)` in \(PostgreSQLDatabase.redacted(database)) (pass --create-admin "
                        + "to create a site admin of that name)"
                )
                throw ExitCode.error
            }
            Terminal.standardOutput(token)
            Terminal.standardError("minted a session token for \(user) in \(described(database))")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.standardError("error: cannot mint a token in \(PostgreSQLDatabase.redacted(database)): \(error)")
            throw ExitCode.error
        }
    }

    /// The database as the operator can find it: an SQLite file by its absolute path.
    private func described(_ database: String) -> String {
        guard database.hasPrefix("sqlite:") else { return PostgreSQLDatabase.redacted(database) }
        return "sqlite:" + absolute(String(database.dropFirst("sqlite:".count)))
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private func mint(_ store: Store) async throws -> String? {
        if let existing = try await store.user(user) { return try await store.createToken(userID: existing.id) }
        guard createAdmin else { return nil }
        return try await Seeder(store: store).bootstrapAdmin(username: user)
    }
}

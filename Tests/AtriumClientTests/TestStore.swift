import AtriumServer
import Foundation
import Logging

/// A reference server's store on a new SQLite file in `folder`, migrated, with a bootstrap
/// admin; returns the store and the admin's token.
func makeStore(in folder: URL, logger: Logger) async throws -> (store: Store, token: String) {
    let store = try await Store.open("sqlite:\(folder.path)/server.db", baseURL: "http://atrium.test", logger: logger)
    return (store, try await Seeder(store: store).bootstrapAdmin(username: "admin") ?? "")
}

/// A logger for tests that read none of its lines.
var quietLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}

import AtriumServer
import Foundation
import Logging

/// A reference server's store on a new SQLite file in `folder`, migrated, with a bootstrap
/// admin; returns the store and the admin's token.
func makeStore(in folder: URL, logger: Logger) async throws -> (store: Store, token: String) {
    let store = Store(
        database: try ReferenceServer.openDatabase("sqlite:\(folder.path)/server.db", logger: logger),
        baseURL: "http://atrium.test")
    try await store.migrate()
    return (store, try await Seeder(store: store).bootstrapAdmin(username: "admin") ?? "")
}

/// A logger for tests that read none of its lines.
var quietLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}

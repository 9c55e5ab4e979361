import Foundation
import Logging

/// Logs go to stderr; `ATRIUM_LOG_LEVEL` (trace, debug, info, notice, warning, error) sets how
/// much, warnings by default.
enum Logs {
    static func bootstrap(default level: Logger.Level = .warning) {
        let chosen = ProcessInfo.processInfo.environment["ATRIUM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = chosen
            return handler
        }
    }
}

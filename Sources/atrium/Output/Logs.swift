import Foundation
import Logging

/// Logs go to stderr; `ATRIUM_LOG_LEVEL` (trace, debug, info, notice, warning, error) sets how
/// much, warnings by default; as text, or one JSON object a line.
enum Logs {
    static func bootstrap(default level: Logger.Level = .warning, json: Bool = false) {
        let chosen =
            ProcessInfo.processInfo.environment["ATRIUM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
        if json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: chosen) }
            return
        }
        LoggingSystem.bootstrap { label in TextLogHandler(label: label, logLevel: chosen) }
    }
}

import AtriumCore
import Foundation
import Logging

/// One JSON object a line on stderr: `time`, `level`, `logger`, `message`, and the metadata's
/// keys, for log collectors (`--log-format json`).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = TerminalText.truncated("\(value)", limit: TerminalText.messageLimit)
        }
        object["time"] = Date().formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        object["level"] = event.level.rawValue
        object["logger"] = label
        object["message"] = TerminalText.truncated("\(event.message)", limit: TerminalText.messageLimit)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(object) else { return }
        line.append(0x0A)
        _ = line.withUnsafeBytes { OutputStream.standardError.write($0.bindMemory(to: UInt8.self)) }
    }
}

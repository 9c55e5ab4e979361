import AtriumCore
import Foundation
import Logging

/// Log lines on stderr as swift-log's stream handler writes them (`time level label: metadata
/// [source] message`), with every value from outside made safe first: a server's message or a
/// commit's text in a log line cannot move the terminal's cursor, start a CI workflow command or
/// run to megabytes.
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let fields = merged.sorted { $0.key < $1.key }.map {
            "\($0.key)=\(TerminalText.outside("\($0.value)", limit: TerminalText.messageLimit))"
        }.joined(separator: " ")
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        let message = TerminalText.outside("\(event.message)", limit: TerminalText.messageLimit)
        let head = "\(time) \(event.level.rawValue) \(label):\(fields.isEmpty ? "" : " \(fields)")"
        let line = "\(head) [\(event.source)] \(message)"
        OutputStream.standardError.write(TerminalText.output(line) + "\n")
    }
}

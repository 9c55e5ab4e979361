import AtriumCore
import Foundation

/// Prints findings the way compilers do (`path:line:col: error: message (hint)`), or as GitHub
/// Actions annotations. Only the CLI prints; the library returns ``Diagnostic`` values.
struct DiagnosticPrinter {
    var color: Bool

    /// The finding as one line for stderr (recorded for the JSON error document, see `ErrorReport`).
    func line(for diagnostic: Diagnostic) -> String {
        ErrorReport.noteFinding(diagnostic)
        let severity =
            diagnostic.severity == .error
            ? ANSIStyle.boldRed.paint("error", enabled: color)
            : ANSIStyle.boldYellow.paint("warning", enabled: color)
        if let location = diagnostic.location {
            return "\(ANSIStyle.bold.paint(location.description, enabled: color)): \(severity): \(diagnostic.text)"
        }
        return "\(severity): \(diagnostic.text)"
    }

    /// `::error file=path,line=12,col=5::message`, escaped as the workflow-command format needs.
    static func githubAnnotation(for diagnostic: Diagnostic) -> String {
        func escapeData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=\(escapeProperty(location.file))")
            if location.line > 0 {
                properties.append("line=\(location.line)")
                properties.append("col=\(location.column)")
            }
        }
        let command = diagnostic.severity == .error ? "error" : "warning"
        let head = properties.isEmpty ? "::\(command)" : "::\(command) \(properties.joined(separator: ","))"
        return "\(head)::\(escapeData(diagnostic.text))"
    }
}

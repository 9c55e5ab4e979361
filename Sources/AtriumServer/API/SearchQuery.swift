import Foundation
import HTTPTypes
import Hummingbird

/// A search query's `q` as Coder reads it: Go's `url.Query()` decodes `+` as a space (form
/// encoding), then percent escapes; `%2B` stays a plus.
enum SearchQuery {
    static func q(_ request: Request) -> String {
        guard let raw = request.uri.query else { return "" }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == "q" else { continue }
            let value = parts.count == 2 ? parts[1].replacingOccurrences(of: "+", with: " ") : ""
            return value.removingPercentEncoding ?? value
        }
        return ""
    }

    /// `text` for a SQL `LIKE ... ESCAPE '\'` pattern: `%`, `_` and `\` match only themselves,
    /// as Coder's search matches the name's text, not a pattern.
    static func likeContains(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}

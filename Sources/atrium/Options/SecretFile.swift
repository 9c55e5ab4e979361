import ArgumentParser
import Foundation

/// A secret kept in a file (a token, a webhook secret): read once, surrounding white space
/// dropped, never printed.
enum SecretFile {
    static func read(_ path: String, what: String) throws -> String {
        guard let secret = contents(path) else { throw ValidationError("\(what) `\(path)` cannot be read") }
        guard !secret.isEmpty else { throw ValidationError("\(what) `\(path)` is empty") }
        return secret
    }

    /// The file's text without surrounding white space; `nil` when it cannot be read.
    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

import AtriumCore
import AtriumYAML

/// Why a repository or revision could not be read. Each is one line: what, where, how to fix.
package struct GitError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        case notARepository
        case unknownRevision
        case missingObject
        case pathNotFound
        case unreadable
        /// The desired state is over one of `SourceLimits`.
        case tooLarge
        case other
    }

    package var code: Code
    package var message: String
    package var hint: String?

    package init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    package var description: String {
        if let hint { return "\(message) (\(hint))" }
        return message
    }
}

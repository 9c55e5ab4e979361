import AtriumCore
import AtriumYAML

/// Why a repository or revision could not be read. Each is one line: what, where, how to fix.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case notARepository
        case unknownRevision
        case missingObject
        case pathNotFound
        case unreadable
        /// The desired state is over one of `SourceLimits`.
        case tooLarge
        case other
    }

    public var code: Code
    public var message: String
    public var hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String {
        if let hint { return "\(message) (\(hint))" }
        return message
    }
}

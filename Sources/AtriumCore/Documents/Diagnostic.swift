/// One finding about the desired state: what is wrong, where, and how to fix it.
///
/// The library only produces diagnostics; the CLI decides how to print them and which exit code
/// they mean.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    /// Where the problem is; `nil` for problems that belong to no file (an empty path prefix).
    public var location: SourceLocation?
    /// What is wrong, in one sentence without a trailing period.
    public var message: String
    /// How to fix it; printed in parentheses after the message.
    public var hint: String?
    /// The SharingRule the finding enforces, when it is a rule's (`diff --fail-on rule` finds
    /// them by it).
    public var rule: String?

    /// The message and hint are made safe to print here, once (`TerminalText.message`): they
    /// may quote values from the YAML, which can hold control characters or run to a megabyte.
    public init(_ severity: Severity, at location: SourceLocation?, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = TerminalText.message(message)
        self.hint = hint.map(TerminalText.message)
    }

    public static func error(at location: SourceLocation?, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    public static func warning(at location: SourceLocation?, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint)
    }

    /// The message followed by the hint in parentheses, without location or severity.
    public var text: String {
        if let hint { return "\(message) (\(hint))" }
        return message
    }

    /// `path:line:col: error: message (hint)`.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(text)" }
        return "\(severity.rawValue): \(text)"
    }
}

extension Diagnostic: Comparable {
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (let l?, let r?) where l != r: return l < r
        case (nil, _?): return true
        case (_?, nil): return false
        default: return lhs.message < rhs.message
        }
    }
}

/// A collection of diagnostics thrown when input cannot be used at all.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

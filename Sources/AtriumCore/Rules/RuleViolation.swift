/// One way a grant, a link or a port share breaks a SharingRule.
public struct RuleViolation: Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// `subject` is not among those the rule allows; `through` names the declared group whose
        /// grant reaches it, and where the membership is written.
        case notAllowed(Subject, through: Membership?, allowed: SharingRule.Subjects)
        case roleAbove(Role, max: Role)
        case noExpiry
        /// The grant lasts `lasts` from its commit, more than `max`.
        case tooLong(lasts: Duration, max: Duration)
        case link
        case portLevel(port: Int, level: PortShareLevel, max: PortShareLevel)
    }

    /// A user's membership of a declared group, and where it is written.
    public struct Membership: Sendable, Hashable {
        public var group: String
        public var location: SourceLocation
    }

    public var rule: String
    public var ruleLocation: SourceLocation
    public var problem: Problem

    /// `rule payments-stays-in-payments (rules.yaml:3)`.
    public var reference: String { "rule \(rule) (\(ruleLocation.file):\(ruleLocation.line))" }

    /// What the rule says, for the end of a sentence: `allows only group:payments, user:ines`.
    public var limit: String {
        switch problem {
        case .notAllowed(_, _, let allowed): "allows only \(allowed.description)"
        case .roleAbove(_, let max): "allows at most `\(max.rawValue)`"
        case .noExpiry: "requires an expiry"
        case .tooLong(_, let max): "allows at most \(RuleViolation.days(max))"
        case .link: "forbids link sharing"
        case .portLevel(_, _, let max): "allows port shares up to `\(max.rawValue)`"
        }
    }

    /// `30d`, `8h`, `1d12h`, `45m`.
    public static func days(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds >= size {
            parts.append("\(seconds / size)\(unit)")
            seconds %= size
        }
        if seconds > 0 || parts.isEmpty { parts.append("\(seconds)s") }
        // Two units say how long well enough: `176d5h`, not `176d5h6m13s`.
        return parts.prefix(2).joined()
    }
}

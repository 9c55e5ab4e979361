public import Foundation

/// One declared grant of a role to a subject, with where it was written.
///
/// Written either short (`qa-lead: use`) or long (`release-bot: {role: admin, expires: ...}`).
public struct SubjectGrant: Sendable, Hashable {
    public var subject: Subject
    public var role: Role
    /// After this instant the grant is no longer desired.
    public var expires: Date?
    /// Where the subject's key is written.
    public var location: SourceLocation
    /// Where the role is written.
    public var roleLocation: SourceLocation
    /// Where `expires` is written, when it is.
    public var expiresLocation: SourceLocation?

    public init(
        subject: Subject, role: Role, expires: Date? = nil, location: SourceLocation,
        roleLocation: SourceLocation? = nil, expiresLocation: SourceLocation? = nil
    ) {
        self.subject = subject
        self.role = role
        self.expires = expires
        self.location = location
        self.roleLocation = roleLocation ?? location
        self.expiresLocation = expiresLocation
    }

    /// Whether the grant has expired at `now`.
    public func isExpired(at now: Date) -> Bool {
        guard let expires else { return false }
        return expires <= now
    }
}

/// A Grant of something other than workspaces, as `atrium request` writes them: `use` or `admin`
/// on a template (`spec.template`), added to the template's declared ACL, or a membership of a
/// group (`spec.join`), added to its declared members. Each entry keeps its own place, so plans,
/// diffs and provenance point at the request.
public struct RequestedGrant: Sendable {
    public enum Target: Sendable, Hashable {
        /// The TemplateAccess of this template gains `grants`.
        case template(String)
        /// This group gains `members`.
        case group(String)
    }

    public var name: String
    public var target: Target
    /// For a template: who gains which role (each with the document's `expires`).
    public var grants: [SubjectGrant]
    /// For a group: who joins it, until when.
    public var members: [Group.Member]
    public var request: AccessRequest?
    public var location: SourceLocation
    /// Where `template:` or `join:` is written.
    public var targetLocation: SourceLocation

    public init(
        name: String, target: Target, grants: [SubjectGrant] = [], members: [Group.Member] = [],
        request: AccessRequest?, location: SourceLocation, targetLocation: SourceLocation
    ) {
        self.name = name
        self.target = target
        self.grants = grants
        self.members = members
        self.request = request
        self.location = location
        self.targetLocation = targetLocation
    }
}

/// A workspace as declared in git: who owns it, from which template, and who may reach it.
public struct Workspace: Sendable {
    public var name: String
    public var owner: String
    public var labels: [String: String]
    /// The server template's name.
    public var template: String
    public var parameters: [String: String]
    public var grants: [SubjectGrant]
    /// Link sharing; `nil` when the document does not say, which leaves the live setting alone.
    public var link: LinkLevel?
    public var snapshots: [Snapshot]
    /// The ports shared beyond the owner (`sharing.ports`); `nil` when git does not say, which
    /// leaves the workspace's port shares alone unless `prune.ports` governs them.
    public var ports: [DeclaredPort]?
    public var portsLocation: SourceLocation?

    /// Where the document starts.
    public var location: SourceLocation
    public var nameLocation: SourceLocation
    /// Where `owner:` is (an unknown owner is reported there).
    public var ownerLocation: SourceLocation
    public var templateLocation: SourceLocation
    public var linkLocation: SourceLocation?
    /// Where `parameters:` is, when declared.
    public var parametersLocation: SourceLocation?
    /// Who approves changes to the workspace's sharing and requests for it (`atrium codeowners`).
    public var approvers: [String] = []
    /// Who reviews its grants in review campaigns (default: its owner).
    public var reviewers: [String] = []

    /// `owner/name`, the workspace's identity (names are unique per owner).
    public var id: WorkspaceID { WorkspaceID(owner: owner, name: name) }

    public struct Snapshot: Sendable, Hashable {
        public var name: String
        public var location: SourceLocation

        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    public init(
        name: String, owner: String, labels: [String: String] = [:], template: String,
        parameters: [String: String] = [:], grants: [SubjectGrant] = [], link: LinkLevel? = nil,
        snapshots: [Snapshot] = [], location: SourceLocation, nameLocation: SourceLocation? = nil,
        templateLocation: SourceLocation? = nil, linkLocation: SourceLocation? = nil,
        ownerLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.owner = owner
        self.labels = labels
        self.template = template
        self.parameters = parameters
        self.grants = grants
        self.link = link
        self.snapshots = snapshots
        self.location = location
        self.nameLocation = nameLocation ?? location
        self.ownerLocation = ownerLocation ?? location
        self.templateLocation = templateLocation ?? location
        self.linkLocation = linkLocation
    }
}

/// `owner/name`: how a workspace is named across Atrium (and in Coder's URLs).
public struct WorkspaceID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var owner: String
    public var name: String

    public init(owner: String, name: String) {
        self.owner = owner
        self.name = name
    }

    /// Parses `owner/name`; `nil` unless there is exactly one slash with text on both sides.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(owner: String(parts[0]), name: String(parts[1]))
    }

    public var description: String { "\(owner)/\(name)" }

    public static func < (lhs: WorkspaceID, rhs: WorkspaceID) -> Bool {
        (lhs.owner, lhs.name) < (rhs.owner, rhs.name)
    }
}

public import Foundation

/// A `SharingRule` document: limits on what may be granted on some workspaces to some subjects,
/// checked wherever a grant can appear — a Workspace's sharing, a Grant, a link, a port share,
/// and the group memberships through which a group's grant reaches people.
public struct SharingRule: Sendable {
    /// The workspaces a rule covers.
    public enum Workspaces: Sendable, Equatable {
        /// Every declared workspace.
        case all
        /// The workspaces whose labels include all of these.
        case selector([String: String])
        /// These workspaces.
        case names([WorkspaceID])
        /// The workspaces owned by a current member of one of these declared groups.
        case ownersInGroups([String])
    }

    /// A set of users and groups (members of a declared group count as the group's).
    public struct Subjects: Sendable, Hashable {
        public var users: Set<String>
        public var groups: Set<String>

        public init(users: Set<String> = [], groups: Set<String> = []) {
            self.users = users
            self.groups = groups
        }

        /// `group:oncall, group:payments, user:ines`, or `nobody`.
        public var description: String {
            let subjects = groups.map(Subject.group) + users.map(Subject.user)
            return subjects.isEmpty ? "nobody" : subjects.sorted().map(\.description).joined(separator: ", ")
        }
    }

    public var name: String
    public var workspaces: Workspaces
    /// Whom the rule limits; `nil`: every subject.
    public var subjects: Subjects?
    /// Who alone may be granted; `nil`: anyone.
    public var allow: Subjects?
    public var maxRole: Role?
    public var requireExpiry: Bool
    /// The longest a grant may last, counted from the commit that grants it.
    public var maxDuration: Duration?
    /// `link: forbidden`: no link sharing (nor a grant to the Everyone group) on its workspaces.
    public var forbidsLink: Bool
    public var maxPortShareLevel: PortShareLevel?
    /// Who approves changes under the rule: code-host handles or teams (`@acme/payments-leads`).
    public var approvers: [String]
    /// Who reviews the grants on the workspaces it covers in review campaigns.
    public var reviewers: [String] = []
    public var location: SourceLocation
    public var nameLocation: SourceLocation

    public init(
        name: String, workspaces: Workspaces = .all, subjects: Subjects? = nil, allow: Subjects? = nil,
        maxRole: Role? = nil, requireExpiry: Bool = false, maxDuration: Duration? = nil, forbidsLink: Bool = false,
        maxPortShareLevel: PortShareLevel? = nil, approvers: [String] = [], location: SourceLocation,
        nameLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.workspaces = workspaces
        self.subjects = subjects
        self.allow = allow
        self.maxRole = maxRole
        self.requireExpiry = requireExpiry
        self.maxDuration = maxDuration
        self.forbidsLink = forbidsLink
        self.maxPortShareLevel = maxPortShareLevel
        self.approvers = approvers
        self.location = location
        self.nameLocation = nameLocation ?? location
    }

    /// `rule payments-stays-in-payments (rules.yaml:3)`.
    public var reference: String { "rule \(name) (\(nameLocation.file):\(nameLocation.line))" }
}

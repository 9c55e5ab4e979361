public import Foundation

/// A `Group` document: a group of the organization and who belongs to it. On Coder, membership
/// decides whom a group's grants reach, so it is declared, reviewed and reconciled like them.
public struct Group: Sendable {
    /// One member, with when the membership lapses (rotations, contractors).
    public struct Member: Sendable, Hashable {
        public var user: String
        public var expires: Date?
        /// Where the member is written (`groups.yaml:7:7`).
        public var location: SourceLocation

        public init(user: String, expires: Date? = nil, location: SourceLocation) {
            self.user = user
            self.expires = expires
            self.location = location
        }

        public func isExpired(at now: Date) -> Bool { expires.map { $0 <= now } ?? false }
    }

    /// The name of the group every organization has, whose members are the organization's.
    public static let everyone = "Everyone"

    public var name: String
    public var displayName: String?
    /// `nil` when the document declares no `members:` (only the group itself is declared).
    public var members: [Member]?
    public var location: SourceLocation
    public var nameLocation: SourceLocation
    public var membersLocation: SourceLocation?
    /// Who approves changes to the group and requests to join it (`atrium codeowners`).
    public var approvers: [String] = []
    /// Who reviews its memberships in review campaigns (default: its approvers).
    public var reviewers: [String] = []

    public init(
        name: String, displayName: String? = nil, members: [Member]?, location: SourceLocation,
        nameLocation: SourceLocation? = nil, membersLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.displayName = displayName
        self.members = members
        self.location = location
        self.nameLocation = nameLocation ?? location
        self.membersLocation = membersLocation
    }

    /// The members whose membership has not lapsed at `now`.
    public func currentMembers(at now: Date) -> [Member] {
        (members ?? []).filter { !$0.isExpired(at: now) }
    }
}

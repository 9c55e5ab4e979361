public import Foundation

/// Everything the repository declares at one revision.
public struct DesiredState: Sendable {
    public var config: Config
    public var workspaces: [Workspace]
    public var grants: [Grant]
    public var factoryTemplates: [FactoryTemplate]
    /// Declared groups and their members.
    public var groups: [Group]
    /// Declared template ACLs.
    public var templateAccess: [TemplateAccess] = []
    /// Declared limits on what may be granted.
    public var rules: [SharingRule] = []
    /// Grants of template access and group memberships (requests), which `resolveRequests` adds to
    /// the declared template ACLs and groups.
    public var requestedGrants: [RequestedGrant] = []
    /// Review campaigns (`kind: AccessReview`).
    public var reviews: [ReviewCampaign] = []

    public init(
        config: Config = Config(), workspaces: [Workspace] = [], grants: [Grant] = [],
        factoryTemplates: [FactoryTemplate] = [], groups: [Group] = []
    ) {
        self.config = config
        self.workspaces = workspaces
        self.grants = grants
        self.factoryTemplates = factoryTemplates
        self.groups = groups
    }

    /// The declared group named `name`.
    public func group(_ name: String) -> Group? {
        groups.first { $0.name == name }
    }

    /// The declared groups `user` is a current member of, with where the membership is written.
    public func memberships(of user: String, at now: Date) -> [(group: String, location: SourceLocation)] {
        groups.compactMap { group in
            group.currentMembers(at: now).first { $0.user == user }.map { (group.name, $0.location) }
        }
    }
}

extension DesiredState {
    /// Appends what `other` declares (from files that come after this state's), all but its Config.
    public mutating func append(_ other: DesiredState) {
        workspaces += other.workspaces
        grants += other.grants
        factoryTemplates += other.factoryTemplates
        groups += other.groups
        templateAccess += other.templateAccess
        rules += other.rules
        requestedGrants += other.requestedGrants
        reviews += other.reviews
    }
}

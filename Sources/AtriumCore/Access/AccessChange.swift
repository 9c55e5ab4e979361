import Foundation

/// One difference in effective access between two revisions, as a reviewer reads it.
public struct AccessChange: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case workspaceAdded = "workspace-added"
        case workspaceRemoved = "workspace-removed"
        /// A subject gains access it did not have.
        case gain
        /// A subject loses all access.
        case loss
        case roleChange = "role-change"
        case linkChange = "link-change"
        case templateAdded = "template-added"
        case templateRemoved = "template-removed"
        case templateChanged = "template-changed"
        /// A `policy.*` setting of the Config changed.
        case policyChange = "policy-change"
        /// Another Config setting changed (scope, prune, server, templates).
        case configChange = "config-change"
        /// A user joins a declared group (and so reaches what the group is granted).
        case memberAdded = "member-added"
        /// A user leaves a declared group.
        case memberRemoved = "member-removed"
        /// A port is shared, shared at another level, or no longer shared.
        case portChange = "port-change"
    }

    public var kind: Kind
    /// `owner/name`, for workspace, access and link changes.
    public var workspace: String?
    /// `user:NAME` or `group:NAME`.
    public var subject: Subject?
    public var role: Role?
    public var previousRole: Role?
    public var link: LinkLevel?
    public var previousLink: LinkLevel?
    /// The FactoryTemplate's name, or the server template of an added workspace.
    public var template: String?
    /// The Config setting (`policy.maxRole`, `scope`, ...).
    public var setting: String?
    public var value: String?
    public var previousValue: String?
    /// Where the head revision declares it (gains, role changes, link changes, additions).
    public var sources: [Declaration]
    /// For membership changes: the group.
    public var group: String?
    /// For membership changes: what the group reaches (`bob/review-box use`), which the member
    /// gains or loses with it.
    public var reaches: [String]?
    /// For gains, losses and role changes on a Coder template's ACL: the template.
    public var accessTemplate: String?
    /// For port changes: the port (`8080`, or `8080 (agent main)` when git names the agent).
    public var port: String?
    /// For port changes: the level after and before (`nil`: not shared).
    public var portLevel: PortShareLevel?
    public var previousPortLevel: PortShareLevel?

    enum CodingKeys: String, CodingKey {
        case kind, workspace, subject, role, link, template, setting, value, sources, group, reaches, port
        case portLevel = "port_level"
        case previousPortLevel = "previous_port_level"
        case accessTemplate = "access_template"
        case previousRole = "previous_role"
        case previousLink = "previous_link"
        case previousValue = "previous_value"
    }

    public init(
        kind: Kind, workspace: WorkspaceID? = nil, subject: Subject? = nil, role: Role? = nil,
        previousRole: Role? = nil,
        link: LinkLevel? = nil, previousLink: LinkLevel? = nil, template: String? = nil, setting: String? = nil,
        value: String? = nil, previousValue: String? = nil, sources: [Declaration] = []
    ) {
        self.kind = kind
        self.workspace = workspace?.description
        self.subject = subject
        self.role = role
        self.previousRole = previousRole
        self.link = link
        self.previousLink = previousLink
        self.template = template
        self.setting = setting
        self.value = value
        self.previousValue = previousValue
        self.sources = sources
    }

    /// `+`, `-` or `~`.
    public var symbol: String {
        switch kind {
        case .workspaceAdded, .gain, .templateAdded, .memberAdded: return "+"
        case .workspaceRemoved, .loss, .templateRemoved, .memberRemoved: return "-"
        case .roleChange, .linkChange, .templateChanged, .policyChange, .configChange: return "~"
        case .portChange: return previousPortLevel == nil ? "+" : portLevel == nil ? "-" : "~"
        }
    }

    /// Whether the change takes access away: a loss, a lowered role, a closed link.
    public var isRemoval: Bool {
        switch kind {
        case .loss, .memberRemoved: return true
        case .roleChange: return (role ?? .use) < (previousRole ?? .use)
        case .linkChange: return previousLink == .everyone && link != .everyone
        case .portChange:
            guard let previous = previousPortLevel else { return false }
            return portLevel.map { $0 < previous } ?? true
        default: return false
        }
    }

    /// The change as a short phrase.
    public var phrase: String {
        switch kind {
        case .workspaceAdded: return "new workspace \(workspace ?? "?") (template \(template ?? "?"))"
        case .workspaceRemoved: return "workspace \(workspace ?? "?") no longer declared"
        case .gain:
            let on = accessTemplate.map { " on template \($0)" } ?? ""
            return "\(subject?.description ?? "?") gains \(role?.rawValue ?? "?")\(on)"
        case .loss:
            let on = accessTemplate.map { " to template \($0)" } ?? ""
            return "\(subject?.description ?? "?") loses access\(on) (was \(previousRole?.rawValue ?? "?"))"
        case .roleChange:
            return "\(subject?.description ?? "?") \(previousRole?.rawValue ?? "?") → \(role?.rawValue ?? "?")"
        case .linkChange: return "link sharing \(previousLink?.rawValue ?? "owner") → \(link?.rawValue ?? "owner")"
        case .templateAdded: return "new FactoryTemplate \(template ?? "?")"
        case .templateRemoved: return "FactoryTemplate \(template ?? "?") removed"
        case .templateChanged: return "FactoryTemplate \(template ?? "?") changed"
        case .policyChange, .configChange:
            return "\(setting ?? "?"): \(previousValue ?? "(unset)") → \(value ?? "(unset)")"
        case .memberAdded, .memberRemoved:
            let who = subject.map { if case .user(let name) = $0 { return name } else { return $0.description } } ?? "?"
            let verb = kind == .memberAdded ? "joins" : "leaves"
            let effect = kind == .memberAdded ? "gains" : "loses"
            let reached = (reaches ?? []).isEmpty ? "" : ": \(effect) \((reaches ?? []).joined(separator: ", "))"
            return "\(who) \(verb) group \(group ?? "?")\(reached)"
        case .portChange:
            let what = "port \(port ?? "?")"
            switch (previousPortLevel, portLevel) {
            case (nil, let level?): return "\(what) shared \(level.rawValue)"
            case (let previous?, nil): return "\(what) no longer shared (was \(previous.rawValue))"
            default: return "\(what) \(previousPortLevel?.rawValue ?? "?") → \(portLevel?.rawValue ?? "?")"
            }
        }
    }
}

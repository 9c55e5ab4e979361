import Foundation

/// One difference in effective access between two revisions, as a reviewer reads it: a typed
/// effect, with the declarations in the head revision behind it.
public struct AccessChange: Sendable, Hashable {
    /// The kinds of change, as the diff's JSON and its summary name them.
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

    /// What a grant reaches: a workspace, or a Coder template (who may create workspaces from it).
    public enum Target: Sendable, Hashable {
        case workspace(WorkspaceID)
        case template(String)
    }

    /// One case per kind, each with exactly its data.
    public enum Effect: Sendable, Hashable {
        case workspaceAdded(WorkspaceID, template: String)
        case workspaceRemoved(WorkspaceID)
        case gain(Target, Subject, Role)
        case loss(Target, Subject, was: Role)
        case roleChange(Target, Subject, from: Role, to: Role)
        case linkChange(WorkspaceID, from: LinkLevel, to: LinkLevel)
        /// A FactoryTemplate added, removed or changed.
        case factoryTemplateAdded(String)
        case factoryTemplateRemoved(String)
        case factoryTemplateChanged(String)
        /// A Config setting (`policy.maxRole`, `scope`, ...): `nil` when unset.
        case policyChange(setting: String, from: String?, to: String?)
        case configChange(setting: String, from: String?, to: String?)
        /// `reaches`: what the group reaches (`bob/review-box use`), gained or lost with it.
        case memberAdded(group: String, user: String, reaches: [String])
        case memberRemoved(group: String, user: String, reaches: [String])
        /// `port`: `8080`, or `8080 (agent main)`; a level is `nil` where it is not shared.
        case portChange(WorkspaceID, port: String, from: PortShareLevel?, to: PortShareLevel?)
    }

    public var effect: Effect
    /// Where the head revision declares it (gains, role changes, link changes, additions).
    public var sources: [Declaration]

    public init(_ effect: Effect, sources: [Declaration] = []) {
        self.effect = effect
        self.sources = sources
    }

    public var kind: Kind {
        switch effect {
        case .workspaceAdded: .workspaceAdded
        case .workspaceRemoved: .workspaceRemoved
        case .gain: .gain
        case .loss: .loss
        case .roleChange: .roleChange
        case .linkChange: .linkChange
        case .factoryTemplateAdded: .templateAdded
        case .factoryTemplateRemoved: .templateRemoved
        case .factoryTemplateChanged: .templateChanged
        case .policyChange: .policyChange
        case .configChange: .configChange
        case .memberAdded: .memberAdded
        case .memberRemoved: .memberRemoved
        case .portChange: .portChange
        }
    }

    /// `+`, `-` or `~`.
    public var symbol: String {
        switch effect {
        case .workspaceAdded, .gain, .factoryTemplateAdded, .memberAdded: "+"
        case .workspaceRemoved, .loss, .factoryTemplateRemoved, .memberRemoved: "-"
        case .roleChange, .linkChange, .factoryTemplateChanged, .policyChange, .configChange: "~"
        case .portChange(_, _, let from, let to): from == nil ? "+" : to == nil ? "-" : "~"
        }
    }

    /// Whether the change takes access away: a loss, a lowered role, a closed link, a narrowed port.
    public var isRemoval: Bool {
        switch effect {
        case .loss, .memberRemoved: true
        case .roleChange(_, _, let from, let to): to < from
        case .linkChange(_, let from, let to): from == .everyone && to != .everyone
        case .portChange(_, _, let from?, let to): to.map { $0 < from } ?? true
        case .workspaceAdded, .workspaceRemoved, .gain, .factoryTemplateAdded, .factoryTemplateRemoved,
            .factoryTemplateChanged, .policyChange, .configChange, .memberAdded, .portChange:
            false
        }
    }

    /// Whether the change gives access: a gain, a raised role, an opened link or port, a membership.
    public var isGain: Bool {
        switch effect {
        case .gain, .memberAdded: true
        case .roleChange(_, _, let from, let to): to > from
        case .linkChange(_, _, let to): to == .everyone
        case .portChange: !isRemoval
        case .workspaceAdded, .workspaceRemoved, .loss, .factoryTemplateAdded, .factoryTemplateRemoved,
            .factoryTemplateChanged, .policyChange, .configChange, .memberRemoved:
            false
        }
    }

    /// The change as a short phrase.
    public var phrase: String {
        switch effect {
        case .workspaceAdded(let id, let template): "new workspace \(id) (template \(template))"
        case .workspaceRemoved(let id): "workspace \(id) no longer declared"
        case .gain(let target, let subject, let role): "\(subject) gains \(role.rawValue)\(Self.on(target, "on"))"
        case .loss(let target, let subject, let was):
            "\(subject) loses access\(Self.on(target, "to")) (was \(was.rawValue))"
        case .roleChange(_, let subject, let from, let to): "\(subject) \(from.rawValue) → \(to.rawValue)"
        case .linkChange(_, let from, let to): "link sharing \(from.rawValue) → \(to.rawValue)"
        case .factoryTemplateAdded(let name): "new FactoryTemplate \(name)"
        case .factoryTemplateRemoved(let name): "FactoryTemplate \(name) removed"
        case .factoryTemplateChanged(let name): "FactoryTemplate \(name) changed"
        case .policyChange(let setting, let from, let to), .configChange(let setting, let from, let to):
            "\(setting): \(from ?? "(unset)") → \(to ?? "(unset)")"
        case .memberAdded(let group, let user, let reaches):
            "\(user) joins group \(group)\(reaches.isEmpty ? "" : ": gains \(reaches.joined(separator: ", "))")"
        case .memberRemoved(let group, let user, let reaches):
            "\(user) leaves group \(group)\(reaches.isEmpty ? "" : ": loses \(reaches.joined(separator: ", "))")"
        case .portChange(_, let port, let from, let to):
            switch (from, to) {
            case (nil, let level?): "port \(port) shared \(level.rawValue)"
            case (let previous?, nil): "port \(port) no longer shared (was \(previous.rawValue))"
            default: "port \(port) \(from?.rawValue ?? "?") → \(to?.rawValue ?? "?")"
            }
        }
    }

    /// ` on template go-dev` for a template's ACL; nothing for a workspace (it heads its group).
    private static func on(_ target: Target, _ preposition: String) -> String {
        if case .template(let name) = target { return " \(preposition) template \(name)" }
        return ""
    }
}

/// What a change reads as, field by field: what the formatters and the `--fail-on` rules ask.
extension AccessChange {
    /// `owner/name`, for workspace, access, link and port changes.
    public var workspace: String? {
        switch effect {
        case .workspaceAdded(let id, _), .workspaceRemoved(let id), .linkChange(let id, _, _),
            .portChange(let id, _, _, _):
            id.description
        case .gain(.workspace(let id), _, _), .loss(.workspace(let id), _, _),
            .roleChange(.workspace(let id), _, _, _):
            id.description
        case .gain, .loss, .roleChange, .factoryTemplateAdded, .factoryTemplateRemoved, .factoryTemplateChanged,
            .policyChange, .configChange, .memberAdded, .memberRemoved:
            nil
        }
    }

    /// For gains, losses and role changes on a Coder template's ACL: the template.
    public var accessTemplate: String? {
        switch effect {
        case .gain(.template(let name), _, _), .loss(.template(let name), _, _),
            .roleChange(.template(let name), _, _, _):
            name
        default: nil
        }
    }

    /// The FactoryTemplate's name, or the server template of an added workspace.
    public var template: String? {
        switch effect {
        case .workspaceAdded(_, let template): template
        case .factoryTemplateAdded(let name), .factoryTemplateRemoved(let name), .factoryTemplateChanged(let name):
            name
        default: nil
        }
    }

    /// Who gains, loses or changes role; the member who joins or leaves.
    public var subject: Subject? {
        switch effect {
        case .gain(_, let subject, _), .loss(_, let subject, _), .roleChange(_, let subject, _, _): subject
        case .memberAdded(_, let user, _), .memberRemoved(_, let user, _): .user(user)
        default: nil
        }
    }

    /// For membership changes: the group.
    public var group: String? {
        switch effect {
        case .memberAdded(let group, _, _), .memberRemoved(let group, _, _): group
        default: nil
        }
    }

    /// The Config setting a policy or config change is about.
    public var setting: String? {
        switch effect {
        case .policyChange(let setting, _, _), .configChange(let setting, _, _): setting
        default: nil
        }
    }

    /// The role a gain or role change gives.
    public var grantedRole: Role? {
        switch effect {
        case .gain(_, _, let role), .roleChange(_, _, _, let role): role
        default: nil
        }
    }

    /// For port changes: the level after and before (`nil`: not shared).
    public var portLevel: PortShareLevel? {
        if case .portChange(_, _, _, let to) = effect { return to }
        return nil
    }

    public var previousPortLevel: PortShareLevel? {
        if case .portChange(_, _, let from, _) = effect { return from }
        return nil
    }
}

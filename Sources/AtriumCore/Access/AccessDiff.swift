public import Foundation

/// The difference in *effective* access between two revisions: after Grants, selectors,
/// expiries and policy, who gains, loses or changes access to which workspace, plus link
/// sharing, workspaces, FactoryTemplates and Config changes. Pure; no server.
public struct AccessDiff: Sendable, Encodable {
    /// A revision as the user named it and the commit it resolved to.
    public struct Revision: Sendable, Codable, Hashable {
        public var name: String
        public var commit: String
        /// For a branch `--base`: the merge base the diff starts from (as a pull request shows it).
        public var mergeBase: String?

        public init(name: String, commit: String, mergeBase: String? = nil) {
            self.name = name
            self.commit = commit
            self.mergeBase = mergeBase
        }

        enum CodingKeys: String, CodingKey {
            case name, commit
            case mergeBase = "merge_base"
        }

        /// `main (merge base 1a2b3c4d5e6f)` or `HEAD (9f8e7d6c5b4a)`.
        public var description: String {
            if let mergeBase { return "\(name) (merge base \(mergeBase.prefix(12)))" }
            return "\(name) (\(commit.prefix(12)))"
        }
    }

    /// Kinds of change CI can fail on (`--fail-on`).
    public enum FailOn: String, Sendable, CaseIterable, Codable {
        /// Someone gains `admin`, or is raised to it.
        case adminGrant = "admin-grant"
        /// A workspace becomes reachable by anyone with its URL.
        case linkEveryone = "link-everyone"
        case policyChange = "policy-change"
        case configChange = "config-change"
        case accessGain = "access-gain"
        case accessLoss = "access-loss"
        case workspaceRemoved = "workspace-removed"
        /// Someone joins a declared group.
        case memberAdded = "member-added"
        /// Someone gains `admin` on a template, or is raised to it.
        case templateAdmin = "template-admin"
        /// A port becomes open to anyone on the internet.
        case portPublic = "port-public"
        /// The head revision breaks a SharingRule (its findings are `ruleViolations`, not changes).
        case rule
        case any

        public func matches(_ change: AccessChange) -> Bool {
            switch self {
            case .adminGrant: return change.accessTemplate == nil && change.grantedRole == .admin
            case .linkEveryone:
                // A workspace grant to the Everyone group opens it to the whole organization: on
                // Coder, that is link sharing.
                if case .linkChange(_, _, .everyone) = change.effect { return true }
                if case .gain(.workspace, .group(Group.everyone), _) = change.effect { return true }
                return false
            case .policyChange: return change.kind == .policyChange
            case .configChange: return change.kind == .configChange
            case .accessGain: return change.isGain
            case .accessLoss: return change.isRemoval
            case .workspaceRemoved: return change.kind == .workspaceRemoved
            case .memberAdded: return change.kind == .memberAdded
            case .templateAdmin: return change.accessTemplate != nil && change.grantedRole == .admin
            case .portPublic:
                if case .portChange(_, _, let from, .public?) = change.effect { return from != .public }
                return false
            case .rule: return false
            case .any: return true
            }
        }
    }

    public var base: Revision
    public var head: Revision
    /// The instant expiries were judged at.
    public var now: String
    public var changes: [AccessChange]
    /// The access the change removes, out of the grants at the base, under the head's limit:
    /// the count `reconcile` would refuse over, shown before the merge.
    public var removals: Removals?
    /// How the head revision breaks its SharingRules: what `--fail-on rule` stops a pull request for.
    public var ruleViolations: [Diagnostic] = []

    enum CodingKeys: String, CodingKey {
        case base, head, now, changes, summary, removals
        case ruleViolations = "rule_violations"
    }

    public init(base: Revision, head: Revision, now: String, changes: [AccessChange], removals: Removals? = nil) {
        self.base = base
        self.head = head
        self.now = now
        self.changes = changes
        self.removals = removals
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
        try container.encode(head, forKey: .head)
        try container.encode(now, forKey: .now)
        try container.encode(changes, forKey: .changes)
        try container.encode(summary, forKey: .summary)
        try container.encodeIfPresent(removals, forKey: .removals)
        try container.encode(ruleViolations, forKey: .ruleViolations)
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// How many changes of each kind.
    public var summary: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: AccessChange.Kind.allCases.map { ($0.rawValue, 0) })
        for change in changes { counts[change.kind.rawValue, default: 0] += 1 }
        return counts
    }

    /// `2 gained, 1 lost, 1 role changed, ...`; kinds with no change are left out.
    public var summaryLine: String {
        let counts = summary
        let parts: [(AccessChange.Kind, String)] = [
            (.gain, "gained"), (.loss, "lost"), (.roleChange, "role changed"), (.linkChange, "link changed"),
            (.workspaceAdded, "workspace added"), (.workspaceRemoved, "workspace removed"),
            (.templateAdded, "template added"),
            (.templateRemoved, "template removed"), (.templateChanged, "template changed"),
            (.policyChange, "policy changed"),
            (.configChange, "config changed"), (.memberAdded, "member added"), (.memberRemoved, "member removed"),
        ]
        let text = parts.compactMap { kind, label in counts[kind.rawValue].flatMap { $0 > 0 ? "\($0) \(label)" : nil } }
        return text.isEmpty ? "no change in access" : text.joined(separator: ", ")
    }

    /// The changes a `--fail-on` list matches.
    public func failures(_ kinds: [FailOn]) -> [AccessChange] {
        changes.filter { change in kinds.contains { $0.matches(change) } }
    }

    // MARK: - Computing

    /// Compares the effective access of two states, judging expiries at `now`.
    public static func compare(
        base: DesiredState, head: DesiredState, now: Date, baseRevision: Revision, headRevision: Revision
    ) -> AccessDiff {
        var changes: [AccessChange] = []
        let before = Effective(state: base, now: now)
        let after = Effective(state: head, now: now)
        let ids = Set(before.workspaces.keys).union(after.workspaces.keys).sorted()
        for id in ids { changes += workspaceChanges(id, old: before.workspaces[id], new: after.workspaces[id]) }

        changes += factoryTemplateChanges(base: base, head: head)
        changes += memberships(base: base, head: head, now: now)
        changes += templateAccess(base: base, head: head, now: now)
        changes += portChanges(base: base, head: head)
        for (setting, kind, old, new, location) in settings(base.config, head.config) where old != new {
            let effect: AccessChange.Effect =
                kind == .policyChange
                ? .policyChange(setting: setting, from: old, to: new)
                : .configChange(setting: setting, from: old, to: new)
            changes.append(AccessChange(effect, sources: location.map { [.init($0)] } ?? []))
        }
        let removals = Removals(
            count: changes.count(where: \.isRemoval), grants: before.grantCount,
            limit: head.config.maxRemovals ?? .standard)
        return AccessDiff(
            base: baseRevision, head: headRevision, now: Timestamp.format(now), changes: changes, removals: removals)
    }

    /// Each declared workspace's shared ports, before and after: shared, at another level or
    /// protocol, or no longer shared.
    static func portChanges(base: DesiredState, head: DesiredState) -> [AccessChange] {
        func ports(_ state: DesiredState) -> [WorkspaceID: [String: DeclaredPort]] {
            Dictionary(
                state.workspaces.map { workspace in
                    (
                        workspace.id,
                        Dictionary(
                            (workspace.ports ?? []).map { (portName($0), $0) }, uniquingKeysWith: { first, _ in first })
                    )
                }, uniquingKeysWith: { first, _ in first })
        }
        let before = ports(base)
        let after = ports(head)
        var changes: [AccessChange] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            let old = before[id] ?? [:]
            let new = after[id] ?? [:]
            for name in Set(old.keys).union(new.keys).sorted() {
                let previous = old[name]
                let current = new[name]
                guard previous?.level != current?.level || previous?.protocol != current?.protocol else { continue }
                changes.append(
                    AccessChange(
                        .portChange(id, port: name, from: previous?.level, to: current?.level),
                        sources: current.map {
                            [.init($0.location, key: .port(workspace: id, port: $0.port, level: $0.level))]
                        } ?? []))
            }
        }
        return changes
    }

    /// `8080`, or `8080 (agent main)` when git names the agent.
    static func portName(_ port: DeclaredPort) -> String {
        port.agent.map { "\(port.port) (agent \($0))" } ?? "\(port.port)"
    }

    /// One workspace's changes: added or removed, each subject's gain, loss or role change, its link.
    private static func workspaceChanges(_ id: WorkspaceID, old: Effective.Workspace?, new: Effective.Workspace?)
        -> [AccessChange]
    {
        var changes: [AccessChange] = []
        if old == nil, let new {
            changes.append(
                AccessChange(.workspaceAdded(id, template: new.template), sources: [.init(new.location)]))
        } else if new == nil {
            changes.append(AccessChange(.workspaceRemoved(id)))
        }
        let oldRoles = old?.roles ?? [:]
        let newRoles = new?.roles ?? [:]
        for subject in Set(oldRoles.keys).union(newRoles.keys).sorted() {
            var sources: [Declaration] {
                (newRoles[subject]?.sources ?? []).map { $0.declaration(workspace: id, subject: subject) }
            }
            switch (oldRoles[subject]?.role, newRoles[subject]?.role) {
            case (nil, let role?):
                changes.append(AccessChange(.gain(.workspace(id), subject, role), sources: sources))
            case (let previous?, nil):
                changes.append(AccessChange(.loss(.workspace(id), subject, was: previous)))
            case (let previous?, let role?) where previous != role:
                changes.append(
                    AccessChange(.roleChange(.workspace(id), subject, from: previous, to: role), sources: sources))
            default:
                break
            }
        }
        let oldLink = old?.link ?? .owner
        let newLink = new?.link ?? .owner
        if oldLink != newLink {
            changes.append(
                AccessChange(
                    .linkChange(id, from: oldLink, to: newLink),
                    sources: new?.linkLocation.map { [.init($0, key: .link(workspace: id, level: newLink))] } ?? [])
            )
        }
        return changes
    }

    /// FactoryTemplates added, removed or changed.
    private static func factoryTemplateChanges(base: DesiredState, head: DesiredState) -> [AccessChange] {
        var changes: [AccessChange] = []
        let oldTemplates = Dictionary(
            base.factoryTemplates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newTemplates = Dictionary(
            head.factoryTemplates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(oldTemplates.keys).union(newTemplates.keys).sorted() {
            switch (oldTemplates[name], newTemplates[name]) {
            case (nil, let template?):
                changes.append(
                    AccessChange(.factoryTemplateAdded(name), sources: [.init(template.nameLocation)]))
            case (_?, nil):
                changes.append(AccessChange(.factoryTemplateRemoved(name)))
            case (let old?, let new?) where old.fingerprint != new.fingerprint:
                changes.append(AccessChange(.factoryTemplateChanged(name), sources: [.init(new.nameLocation)]))
            default:
                break
            }
        }
        return changes
    }

    /// A new template's ACL on Coder: the organization's Everyone group may use it.
    static let defaultTemplateACL: [Subject: (role: Role, location: SourceLocation)] = [
        .group(Group.everyone): (.use, SourceLocation(file: "(Coder's default)", line: 0, column: 0))
    ]

    /// Who joins or leaves a declared group, each with what the group reaches: the effect of a
    /// membership on people, which no workspace's ACL shows.
    static func memberships(base: DesiredState, head: DesiredState, now: Date) -> [AccessChange] {
        func members(_ state: DesiredState) -> [String: [String: Group.Member]] {
            Dictionary(
                state.groups.map { group in
                    (
                        group.name,
                        Dictionary(group.currentMembers(at: now).map { ($0.user, $0) }, uniquingKeysWith: { a, _ in a })
                    )
                }, uniquingKeysWith: { first, _ in first })
        }
        // What the group reaches that the user does not own: an owner reaches their own anyway.
        func reaches(_ group: String, user: String, in state: DesiredState) -> [String] {
            let access = EffectiveAccess(state: state, now: now)
            return state.workspaces.map(\.id).sorted().compactMap { id in
                guard id.owner != user else { return nil }
                return access.entries(for: id).first { $0.subject == .group(group) }.map {
                    "\(id) \($0.role.rawValue)"
                }
            }
        }
        let before = members(base)
        let after = members(head)
        var changes: [AccessChange] = []
        for group in Set(before.keys).union(after.keys).sorted() {
            let old = before[group] ?? [:]
            let new = after[group] ?? [:]
            for user in Set(old.keys).union(new.keys).sorted() {
                switch (old[user], new[user]) {
                case (nil, let member?):
                    changes.append(
                        AccessChange(
                            .memberAdded(group: group, user: user, reaches: reaches(group, user: user, in: head)),
                            sources: [Declaration(member.location, key: .member(group: group, user: user))]))
                case (_?, nil):
                    changes.append(
                        AccessChange(
                            .memberRemoved(group: group, user: user, reaches: reaches(group, user: user, in: base))))
                default:
                    break
                }
            }
        }
        return changes
    }

    /// Who gains, loses or changes role on a template's ACL, as declared. A template git starts
    /// governing had Coder's default ACL before (the Everyone group's `use`); one git stops
    /// governing keeps the ACL it has (nobody gains or loses by it).
    static func templateAccess(base: DesiredState, head: DesiredState, now: Date) -> [AccessChange] {
        func roles(_ state: DesiredState) -> [String: [Subject: (role: Role, location: SourceLocation)]] {
            Dictionary(
                state.templateAccess.map { ($0.template, $0.roles(at: now)) }, uniquingKeysWith: { first, _ in first })
        }
        let before = roles(base)
        let after = roles(head)
        var changes: [AccessChange] = []
        for template in after.keys.sorted() {
            let old = before[template] ?? Self.defaultTemplateACL
            let new = after[template] ?? [:]
            for subject in Set(old.keys).union(new.keys).sorted() {
                let sources =
                    new[subject].map {
                        [
                            Declaration(
                                $0.location, key: .templateGrant(template: template, subject: subject, role: $0.role))
                        ]
                    } ?? []
                let target = AccessChange.Target.template(template)
                switch (old[subject]?.role, new[subject]?.role) {
                case (nil, let role?): changes.append(AccessChange(.gain(target, subject, role), sources: sources))
                case (let previous?, nil): changes.append(AccessChange(.loss(target, subject, was: previous)))
                case (let previous?, let role?) where previous != role:
                    changes.append(
                        AccessChange(.roleChange(target, subject, from: previous, to: role), sources: sources))
                default: continue
                }
            }
        }
        return changes
    }

    private static func settings(_ old: Config, _ new: Config) -> [(
        String, AccessChange.Kind, String?, String?, SourceLocation?
    )] {
        func scope(_ scope: Config.Scope) -> String {
            switch scope {
            case .declared: return "declared"
            case .all: return "all"
            case .filter(let owners, let templates):
                return "owners [\(owners.joined(separator: ", "))], templates [\(templates.joined(separator: ", "))]"
            }
        }
        return [
            (
                "policy.sharing", .policyChange, old.policy.sharing.rawValue, new.policy.sharing.rawValue,
                new.policy.sharingLocation
            ),
            (
                "policy.maxRole", .policyChange, old.policy.maxRole.rawValue, new.policy.maxRole.rawValue,
                new.policy.maxRoleLocation
            ),
            ("policy.link", .policyChange, old.policy.link.rawValue, new.policy.link.rawValue, new.policy.linkLocation),
            (
                "policy.requireExpiry", .policyChange, String(old.policy.requireExpiry),
                String(new.policy.requireExpiry), new.policy.requireExpiryLocation
            ),
            ("scope", .configChange, scope(old.scope), scope(new.scope), new.location),
            ("prune.grants", .configChange, String(old.pruneGrants), String(new.pruneGrants), new.location),
            ("prune.groups", .configChange, String(old.pruneGroups), String(new.pruneGroups), new.location),
            ("server.url", .configChange, old.server.url, new.server.url, new.location),
            ("server.organization", .configChange, old.server.organization, new.server.organization, new.location),
            (
                "templates", .configChange, old.templates?.joined(separator: ", "),
                new.templates?.joined(separator: ", "), new.templatesLocation ?? new.location
            ),
        ]
    }

    /// Per workspace: its effective grants and link, with policy applied.
    private struct Effective {
        struct Workspace {
            var template: String
            var location: SourceLocation
            var roles: [Subject: EffectiveAccess.Entry]
            var link: LinkLevel?
            var linkLocation: SourceLocation?
        }

        var workspaces: [WorkspaceID: Workspace] = [:]

        /// Grants and open links, as `Removals` counts them.
        var grantCount: Int {
            workspaces.values.reduce(0) { $0 + $1.roles.count + ($1.link == .everyone ? 1 : 0) }
        }

        init(state: DesiredState, now: Date) {
            let access = EffectiveAccess(state: state, now: now)
            let policy = state.config.policy
            for workspace in state.workspaces {
                var roles: [Subject: EffectiveAccess.Entry] = [:]
                if policy.sharing.allowsGrants {
                    for entry in access.entries(for: workspace.id) { roles[entry.subject] = entry }
                }
                var link = workspace.link
                if !policy.sharing.allowsGrants || policy.link == .forbidden { link = .owner }
                workspaces[workspace.id] = Workspace(
                    template: workspace.template, location: workspace.nameLocation, roles: roles, link: link,
                    linkLocation: workspace.linkLocation)
            }
        }
    }
}

extension FactoryTemplate {
    /// Everything that changes the links the template renders, as one string.
    var fingerprint: String {
        var text = "\(dialect.rawValue)\n\(description ?? "")\n"
        for input in inputs {
            text +=
                "input \(input.name) \(input.required) \(input.defaultValue ?? "\u{0}") \(input.pattern ?? "\u{0}")\n"
        }
        for field in fields { text += "\(field.key): \(field.value.canonical)\n" }
        return text
    }
}

extension YAMLNode {
    /// The node's content without positions, for comparing documents.
    var canonical: String {
        switch content {
        case .scalar(let scalar): return "\(scalar.resolved)"
        case .sequence(let items): return "[" + items.map(\.canonical).joined(separator: ",") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\($0.key):\($0.value.canonical)" }.joined(separator: ",") + "}"
        }
    }
}

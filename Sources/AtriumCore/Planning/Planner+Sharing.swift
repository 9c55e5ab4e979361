import Foundation

/// Shares, role changes and unshares.
extension Planner {
    /// Every subject git grants must exist on the server, and the organization must allow sharing.
    func checkSubjects(_ entries: [EffectiveAccess.Entry], _ draft: inout Draft) {
        for entry in entries {
            let known: Bool
            switch entry.subject {
            case .user(let name): known = live.users[name] != nil
            // A group git declares is created by the plan before any grant to it.
            case .group(let name): known = live.groups[name] != nil || desired.group(name) != nil
            }
            if !known {
                let candidates = entry.subject.kind == "user" ? Array(live.users.keys) : Array(live.groups.keys)
                for source in entry.sources {
                    draft.diagnostics.append(
                        .error(
                            at: source.location, "unknown \(entry.subject.kind) `\(entry.subject.name)` on \(server)",
                            hint: Suggestion.didYouMean(entry.subject.name, in: candidates)
                                ?? "create the \(entry.subject.kind) on the server, or fix the name"))
                }
            }
            guard !sharingEnabled else { continue }
            for source in entry.sources {
                draft.diagnostics.append(
                    .error(
                        at: source.location,
                        "\(sharingDisabledReason), so \(entry.subject) cannot be granted `\(entry.role.rawValue)`",
                        hint: "remove the grant, or \(sharingRemedy)"))
            }
        }
    }

    /// Whether sharing is allowed once the plan has run: the plan applies `policy.sharing` first
    /// (before any grant) when git declares it and the server has the setting, so grants are
    /// checked against that, not against the setting the server has now. A commit that turns
    /// sharing back on and restores the grants plans in one go.
    var sharingEnabled: Bool {
        guard desired.config.policy.sharingLocation != nil, live.sharingSetting != nil else {
            return live.sharingEnabled
        }
        return desired.config.policy.sharing == .everyone
    }

    /// `organization `default` on http://… has sharing disabled` (`… by policy.sharing at atrium.yaml:3:19`).
    var sharingDisabledReason: String {
        let base = "organization `\(live.organization)` on \(server) has sharing disabled"
        guard let location = desired.config.policy.sharingLocation, live.sharingSetting != nil else { return base }
        return "\(base) by `policy.sharing: \(desired.config.policy.sharing.rawValue)` (\(location))"
    }

    /// How to allow sharing: through `policy.sharing` (which the plan applies) when the server has the setting.
    var sharingRemedy: String {
        live.sharingSetting == nil
            ? "enable sharing on the server" : "set `policy.sharing: everyone` in the Config (atrium.yaml)"
    }

    func planGrants(
        _ entries: [EffectiveAccess.Entry], on id: WorkspaceID, existing: LiveState.Workspace?, _ draft: inout Draft
    ) {
        for entry in entries {
            // Built only for entries that change: in a no-change plan, most do not.
            var sources: [Declaration] { entry.sources.map { $0.declaration(workspace: id, subject: entry.subject) } }
            switch existing?.role(of: entry.subject) {
            case nil where isLinkGrant(entry.subject, entry.role):
                draft.changes.append(
                    PlanAction(
                        .link(id, from: .owner, to: .everyone, through: .everyoneGroup), sources: sources,
                        reason: Self.linkGrantReason))
            case nil:
                draft.changes.append(
                    PlanAction(.grant(id, entry.subject, entry.role), sources: sources, reason: "declared in git"))
            case let current? where current != entry.role:
                draft.changes.append(
                    PlanAction(
                        .changeRole(id, entry.subject, from: current, to: entry.role), sources: sources,
                        reason: entry.role > current
                            ? "git grants `\(entry.role.rawValue)`" : "git grants only `\(entry.role.rawValue)`"))
            default:
                break
            }
        }
    }

    /// Live grants git does not declare: expired ones and (with `prune.grants`) undeclared ones
    /// are unshared; without pruning they are reported as drift.
    func planUnshares(
        _ workspace: Workspace, keeping entries: [EffectiveAccess.Entry], existing: LiveState.Workspace?,
        _ draft: inout Draft
    ) {
        guard let existing, existing.grantCount > 0 else { return }
        // Entries are sorted by subject: undeclared live grants are found by binary search, and
        // the expiry of declarations is looked at only when there are some.
        var undeclared: [(subject: Subject, role: Role)] = []
        for (name, role) in existing.users where !Self.contains(entries, .user(name)) {
            undeclared.append((.user(name), role))
        }
        for (name, role) in existing.groups where !Self.contains(entries, .group(name)) {
            undeclared.append((.group(name), role))
        }
        guard !undeclared.isEmpty else { return }
        let expired = expiredGrants(for: workspace)
        for (subject, role) in undeclared.sorted(by: { $0.subject < $1.subject }) {
            if let ended = expired[subject] {
                let change: Change =
                    isLinkGrant(subject, role)
                    ? .link(workspace.id, from: .everyone, to: .owner, through: .everyoneGroup)
                    : .revoke(workspace.id, subject, was: role)
                draft.changes.append(
                    PlanAction(change, sources: ended.sources, reason: "expired at \(Timestamp.format(ended.expires))"))
            } else if isLinkGrant(subject, role) {
                // Link sharing is governed whatever prune.grants says: `link:` omitted means owner.
                draft.changes.append(
                    PlanAction(
                        .link(workspace.id, from: .everyone, to: .owner, through: .everyoneGroup),
                        reason: "`link:` is not declared in git, which means owner: \(Self.linkGrantReason)"))
            } else if let forbidden = rules.violations(subject, role, expires: nil, on: workspace).first {
                // A rule is a limit, not a default: what it forbids goes whatever prune.grants says.
                draft.changes.append(
                    PlanAction(
                        .revoke(workspace.id, subject, was: role),
                        reason: "not declared in git, and \(forbidden.reference) \(forbidden.limit)"))
            } else if desired.config.pruneGrants {
                draft.changes.append(
                    PlanAction(.revoke(workspace.id, subject, was: role), reason: "not declared in git"))
            } else {
                draft.drift.append(Drift(workspace: workspace.id.description, subject: subject, role: role))
            }
        }
    }

    /// Whether a grant is link sharing as Coder has it: `use` for the organization's Everyone
    /// group on a server without the admission extension (`LiveState.linkIsEveryoneGroup`).
    func isLinkGrant(_ subject: Subject, _ role: Role) -> Bool {
        role == .use && subject == .group(Group.everyone) && live.linkIsEveryoneGroup
    }

    static let linkGrantReason = "on Coder, link sharing is the Everyone group's `use` grant"

    /// Whether `entries`, sorted by subject, has one for `subject`.
    static func contains(_ entries: [EffectiveAccess.Entry], _ subject: Subject) -> Bool {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].subject < subject { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].subject == subject
    }

    /// Subjects whose every declaration for the workspace has expired, with the latest expiry.
    private func expiredGrants(for workspace: Workspace) -> [Subject: (expires: Date, sources: [Declaration])] {
        var result: [Subject: (expires: Date, sources: [Declaration])] = [:]
        func add(_ grant: SubjectGrant, _ document: Grant?) {
            guard let expires = grant.expires, expires <= now, grant.subject != .user(workspace.owner) else { return }
            var entry = result[grant.subject] ?? (expires, [])
            entry.expires = max(entry.expires, expires)
            entry.sources.append(
                Declaration(
                    grant.location, grant: document?.name, key: .of(grant, workspace: workspace.id, in: document)))
            result[grant.subject] = entry
        }
        for grant in workspace.grants { add(grant, nil) }
        for document in desired.grants where document.selects(workspace) {
            for grant in document.grants { add(grant, document) }
        }
        return result
    }
}
